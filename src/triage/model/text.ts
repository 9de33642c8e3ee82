// The model's view of text: the shared folding and tokens, so the learned
// model and the keyword rules see the same words.
export { foldText } from '../normalize.js';
export { tokenize } from '../tokens.js';
