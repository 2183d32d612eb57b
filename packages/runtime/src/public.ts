// The platform-independent public API (the platform entries add backend registration).
export { createSession } from './session.js';
export { foldBatchNorm, type FoldReport } from './fold.js';
export { planNetwork, inferShapes, type NetworkPlan } from './plan.js';
export {
  chooseKernel, csrBytes, DEFAULT_CONV_SPARSE_THRESHOLD, type KernelChoiceInput, type KernelDecision,
} from './choose-kernel.js';
export type { ShapeInfo } from './graph.js';
export type * from './types.js';
export {
  registerBackend, unregisterBackend, backendStatus, registeredBackends, type BackendName, type BackendProvider,
  type BackendStatus, type KernelBackend, type BackendReport, type BackendAttempt, type BackendFallbackWarning,
} from '@sparsecnn/kernels-api';
