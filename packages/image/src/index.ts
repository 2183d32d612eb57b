// Pure-JS, browser-safe core: preprocessing from decoded pixels (e.g. canvas ImageData), labels, top-k.
// Decoding image files in Node (sharp): '@sparsecnn/image/node'.
export { checkImage, toChannels, type ImageInput, type Pixels } from './pixels.js';
export { resizeImage } from './resize.js';
export {
  pixelsToInput, preprocessImage, preprocessImages, preprocessInto, preprocessOptionsFor, resizedPixels, resolvePreprocess,
  type CropPosition, type PreprocessOptions, type PreprocessOverrides, type ResolvedPreprocess,
} from './preprocess.js';
export { checkLabelCount, parseLabels, topK, topKIndices, type ClassLabel, type TopKEntry } from './labels.js';
