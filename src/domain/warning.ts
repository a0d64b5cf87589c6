// A warning: a valid problem that probably does not say what its author
// meant (MODEL.md section 6.4). Reported beside the result, never dropped;
// strict checking turns each into an error of the same shape.

export interface InputWarning {
  /** JSON path into the problem, as errors have: `$.products[0].designs[1].toolingCost` */
  path: string;
  message: string;
}
