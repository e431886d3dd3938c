//! ECDSA signatures in DER (`Ecdsa-Sig-Value`, as X.509 certificates and cloud KMSs
//! carry them) to the fixed-length `r || s` that COSE uses, and back.

use alloc::vec;
use alloc::vec::Vec;

use der::asn1::UintRef;
use der::{Decode, Encode, Header, Length, Reader, SliceReader, Tag};

/// Converts a DER `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` to raw
/// `r || s`, each left-padded to `field_len` bytes. `None` for anything but strict DER
/// with two non-negative integers that fit.
pub(crate) fn ecdsa_der_to_raw(der: &[u8], field_len: usize) -> Option<Vec<u8>> {
    let mut reader = SliceReader::new(der).ok()?;
    let (r, s) = reader
        .sequence(|seq| {
            let r = UintRef::decode(seq)?;
            let s = UintRef::decode(seq)?;
            Ok::<_, der::Error>((r, s))
        })
        .ok()?;
    reader.finish().ok()?;
    let mut raw = vec![0u8; field_len.checked_mul(2)?];
    let (r_out, s_out) = raw.split_at_mut(field_len);
    copy_right_aligned(r.as_bytes(), r_out)?;
    copy_right_aligned(s.as_bytes(), s_out)?;
    Some(raw)
}

/// Copies `src` into the end of `dst` (big-endian left padding); `None` if it is longer.
fn copy_right_aligned(src: &[u8], dst: &mut [u8]) -> Option<()> {
    let pad = dst.len().checked_sub(src.len())?;
    dst.get_mut(pad..)?.copy_from_slice(src);
    Some(())
}

/// Converts raw `r || s` (two equal halves) to DER `Ecdsa-Sig-Value`: each half as a
/// minimal non-negative INTEGER.
///
/// # Errors
/// An empty or odd-length input, or a value too long to encode.
pub(crate) fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, der::Error> {
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return Err(der::ErrorKind::Length { tag: Tag::Sequence }.into());
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    let r = UintRef::new(r)?.to_der()?;
    let s = UintRef::new(s)?.to_der()?;
    let len = r.len().saturating_add(s.len());
    let mut out = Vec::with_capacity(len.saturating_add(4));
    Header::new(Tag::Sequence, Length::try_from(len)?).encode_to_vec(&mut out)?;
    out.extend_from_slice(&r);
    out.extend_from_slice(&s);
    Ok(out)
}
