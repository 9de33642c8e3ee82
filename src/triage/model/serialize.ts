// Compact binary form of ModelData, quick to load (typed-array views, no parsing):
//   "FLM1" | u32 header length | header JSON (utf-8) | zero padding to 4 bytes |
//   keys u32[rows] | idf f32[rows] | rowStart u32[rows + 1] | bias f32[labels] |
//   weightValue f32[nnz] | weightLabel u16[nnz]
// Numbers are little-endian (every platform Node runs on).
import { defaultFeatureConfig, type FeatureConfig } from './featurize.js';
import { type ModelData } from './model-data.js';

const MAGIC = 'FLM1';

interface Header {
  labels: string[];
  config: FeatureConfig;
  viewWeights: number[];
  temperature: number;
  sigmoid?: [number, number];
  rows: number;
  nnz: number;
}

export function encodeModel(data: ModelData): Uint8Array {
  const header: Header = {
    labels: data.labels,
    config: data.config,
    viewWeights: data.viewWeights,
    temperature: data.temperature,
    ...(data.sigmoid ? { sigmoid: data.sigmoid } : {}),
    rows: data.keys.length,
    nnz: data.weightValue.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = align4(8 + json.length);
  const out = new Uint8Array(headerEnd + bodyLength(header));
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let at = headerEnd;
  for (const part of [data.keys, data.idf, data.rowStart, data.bias, data.weightValue, data.weightLabel]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

export function decodeModel(input: Uint8Array): ModelData {
  // Typed-array views need 4-byte alignment; copy once if the caller's buffer isn't.
  const bytes = input.byteOffset % 4 === 0 ? input : new Uint8Array(input); // a copy (Buffer#slice would be a view)
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new Error('not a frontline linear model (bad magic)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new Error('truncated frontline linear model');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  } catch {
    throw new Error('not a frontline linear model (unreadable header)');
  }
  if (!Array.isArray(header?.labels) || !Number.isInteger(header.rows) || !Number.isInteger(header.nnz)) {
    throw new Error('not a frontline linear model (bad header)');
  }
  const { rows, nnz } = header;
  const nLabels = header.labels.length;
  let at = bytes.byteOffset + align4(8 + headerLength);
  const take = <T extends { byteLength: number }>(make: (b: ArrayBufferLike, o: number, l: number) => T, length: number): T => {
    const view = make(bytes.buffer, at, length);
    at += view.byteLength;
    return view;
  };
  if (at + bodyLength(header) > bytes.byteOffset + bytes.length) {
    throw new Error('truncated frontline linear model');
  }
  return {
    labels: header.labels,
    config: { ...defaultFeatureConfig, ...header.config },
    viewWeights: header.viewWeights,
    temperature: header.temperature,
    ...(header.sigmoid ? { sigmoid: header.sigmoid } : {}),
    keys: take((b, o, l) => new Uint32Array(b, o, l), rows),
    idf: take((b, o, l) => new Float32Array(b, o, l), rows),
    rowStart: take((b, o, l) => new Uint32Array(b, o, l), rows + 1),
    bias: take((b, o, l) => new Float32Array(b, o, l), nLabels),
    weightValue: take((b, o, l) => new Float32Array(b, o, l), nnz),
    weightLabel: take((b, o, l) => new Uint16Array(b, o, l), nnz),
  };
}

function bodyLength(h: Header): number {
  return 4 * (h.rows * 3 + 1 + h.labels.length + h.nnz) + 2 * h.nnz;
}

/** The next multiple of 4: typed-array views need their byte offset aligned. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}
