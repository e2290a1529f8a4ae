/**
 * ITU-T G.711 mu-law and A-law expansion for 8-bit companded DICOM waveforms (sample interpretation MB / AB).
 * Output is the 16-bit linear PCM value (the scale G.711 reference decoders produce), to which the channel
 * sensitivity then applies.
 */

function buildMuLaw(): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i += 1) {
    const u = ~i & 0xff;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    table[i] = u & 0x80 ? -magnitude : magnitude;
  }
  return table;
}

function buildALaw(): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i += 1) {
    const a = i ^ 0x55;
    const exponent = (a >> 4) & 0x07;
    const mantissa = a & 0x0f;
    let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    if (!(a & 0x80)) magnitude = -magnitude;
    table[i] = magnitude;
  }
  return table;
}

export const MU_LAW_TABLE = buildMuLaw();
export const A_LAW_TABLE = buildALaw();
