/** The zoo's architecture ids, tfjs-free so the UI and the URL hash can name them (builders: architectures.ts). */
export type ArchitectureId = 'cnn-small' | 'resnet-mini' | 'mlp';
export const ARCHITECTURE_IDS: readonly ArchitectureId[] = ['cnn-small', 'resnet-mini', 'mlp'];
