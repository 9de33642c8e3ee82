// The learned text classifier. See linear-model.ts for the API in one glance.
export { LinearModel, trainLinearModel, type LabelPrediction, type SerializedLinearModel } from './linear-model.js';
export { type TrainingExample, type TrainOptions } from './train.js';
export { type FeatureConfig } from './featurize.js';
export { type ModelData } from './model-data.js';
