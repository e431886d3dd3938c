//! A minimal PNG writer: one grayscale image at bit depth 1, its scanlines in a zlib stream
//! of stored (uncompressed) deflate blocks. PNG: ISO/IEC 15948 (W3C PNG 2nd ed.); zlib:
//! RFC 1950; deflate stored blocks: RFC 1951 §3.2.4.

use alloc::vec::Vec;

/// The eight bytes every PNG starts with.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The largest stored deflate block.
const STORED_MAX: usize = 0xffff;

/// The largest IDAT chunk written (PNG allows 2^31 - 1; smaller chunks stream better).
const IDAT_MAX: usize = 1 << 16;

/// A PNG of `width` x `height` pixels, grayscale, bit depth 1, not interlaced, whose
/// scanlines (each a filter-type byte, then the packed pixels) are `raw`. `None` when a
/// length does not fit its field.
pub(super) fn gray1(width: u32, height: u32, raw: &[u8]) -> Option<Vec<u8>> {
    let zlib = zlib_stored(raw)?;
    let mut png = Vec::with_capacity(zlib.len() + 64);
    png.extend_from_slice(&SIGNATURE);

    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 1, colour type 0 (grayscale), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut png, *b"IHDR", &header)?;

    for data in zlib.chunks(IDAT_MAX) {
        chunk(&mut png, *b"IDAT", data)?;
    }
    chunk(&mut png, *b"IEND", &[])?;
    Some(png)
}

/// Appends one chunk: length, type, data, CRC-32 of type and data.
fn chunk(png: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) -> Option<()> {
    let len = u32::try_from(data.len()).ok()?;
    png.extend_from_slice(&len.to_be_bytes());
    png.extend_from_slice(&kind);
    png.extend_from_slice(data);
    let crc = crc32_update(crc32_update(0xffff_ffff, &kind), data) ^ 0xffff_ffff;
    png.extend_from_slice(&crc.to_be_bytes());
    Some(())
}

/// A zlib stream holding `data` in stored deflate blocks.
pub(super) fn zlib_stored(data: &[u8]) -> Option<Vec<u8>> {
    let blocks = data.len().div_ceil(STORED_MAX).max(1);
    let mut out = Vec::with_capacity(data.len() + 5 * blocks + 6);
    // CMF: deflate with a 32 KiB window; FLG: no dictionary, level 0, and
    // (CMF * 256 + FLG) % 31 == 0.
    out.extend_from_slice(&[0x78, 0x01]);
    let mut rest = data;
    loop {
        let (block, tail) = rest.split_at(rest.len().min(STORED_MAX));
        let last = tail.is_empty();
        let len = u16::try_from(block.len()).ok()?;
        // BFINAL, then BTYPE 00 (stored), padded to the byte boundary.
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
        rest = tail;
        if last {
            break;
        }
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    Some(out)
}

/// Runs the CRC-32 of ISO 3309 / ITU-T V.42 (reflected, polynomial 0xedb88320) over
/// `data`, starting from `crc` (pre- and post-conditioning left to the caller).
pub(super) fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = 0u32.wrapping_sub(crc & 1);
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    crc
}

/// The Adler-32 checksum of RFC 1950.
pub(super) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 bytes is the most that can be summed before the 32-bit sums overflow.
    let (mut a, mut b) = (1u32, 0u32);
    for block in data.chunks(5552) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}
