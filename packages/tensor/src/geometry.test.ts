import { describe, expect, it } from 'vitest';
import { convOutputSize, poolOutputSize } from './geometry.js';
import { isSparseCnnError } from './errors.js';

describe('conv/pool geometry (Caffe rounding)', () => {
  it('floors convolution output', () => {
    expect(convOutputSize(227, 11, 4, 0)).toBe(55); // AlexNet conv1
    expect(convOutputSize(27, 5, 1, 2)).toBe(27); // conv2
    expect(convOutputSize(13, 3, 1, 1)).toBe(13);
    expect(convOutputSize(10, 3, 2, 0)).toBe(4); // floor(7/2)+1
    expect(convOutputSize(13, 3, 1, 2, 2)).toBe(13); // dilation 2, extent 5
  });
  it('ceils pooling output and clips the last window', () => {
    expect(poolOutputSize(55, 3, 2, 0)).toBe(27); // AlexNet pool1
    expect(poolOutputSize(13, 3, 2, 0)).toBe(6);
    expect(poolOutputSize(112, 3, 2, 0)).toBe(56); // ceil(109/2)+1 = 56
    expect(poolOutputSize(24, 2, 2, 0)).toBe(12); // LeNet
    expect(poolOutputSize(6, 3, 2, 1)).toBe(4); // ceil(5/2)+1 = 4; (4-1)*2 = 6 < 6+1: kept
    expect(poolOutputSize(5, 2, 2, 1)).toBe(3); // ceil(5/2)+1 = 4; (4-1)*2 = 6 >= 5+1: clipped
  });
  it('rejects kernels that do not fit with a typed error', () => {
    try {
      convOutputSize(3, 5, 1, 0);
      expect.unreachable();
    } catch (e) {
      expect(isSparseCnnError(e, 'E_SHAPE')).toBe(true);
    }
  });
});
