//! Each entry held against its certificate: what must agree, what is tolerated.

use alloc::vec::Vec;

use sha1::{Digest, Sha1};

use super::error::{EntryProblem, ListError, ListFinding};
use super::model::strip_zeros;
use crate::cbor::{TDate, TextRest};
use crate::x509::Certificate;

/// The fields an entry of either list shares, borrowed.
pub(crate) struct EntryView<'a> {
    pub(crate) certificate: &'a [u8],
    pub(crate) serial_number: &'a [u8],
    pub(crate) ski: &'a [u8],
    pub(crate) issuer: Option<&'a [u8]>,
    pub(crate) subject: Option<&'a [u8]>,
    pub(crate) not_before: Option<&'a TDate>,
    pub(crate) not_after: Option<&'a TDate>,
    pub(crate) rest: &'a TextRest,
}

/// The certificate's subject key identifier, or (when it has none) the SHA-1 of its
/// public key (RFC 5280 §4.2.1.2, method 1).
pub(crate) fn key_identifier(cert: &Certificate) -> Vec<u8> {
    match cert.subject_key_identifier() {
        Some(ski) => ski.to_vec(),
        None => Sha1::digest(cert.public_key()).to_vec(),
    }
}

/// Whether `listed` is `ski` wrapped in one or two DER OCTET STRING headers.
fn is_wrapped(listed: &[u8], ski: &[u8]) -> bool {
    let Ok(len) = u8::try_from(ski.len()) else {
        return false;
    };
    if len > 125 {
        return false;
    }
    let once = [0x04, len];
    let twice = [0x04, len.saturating_add(2), 0x04, len];
    [&once[..], &twice[..]]
        .iter()
        .any(|head| listed.strip_prefix(*head) == Some(ski))
}

/// Parses the entry's certificate and holds the entry's fields against it.
pub(crate) fn check_entry(
    index: usize,
    entry: &EntryView<'_>,
    keys: &[&str],
    findings: &mut Vec<ListFinding>,
) -> Result<Certificate, ListError> {
    let fail = |problem| ListError::Entry { index, problem };
    let cert =
        Certificate::from_der(entry.certificate).map_err(|e| fail(EntryProblem::Certificate(e)))?;
    let ski = key_identifier(&cert);
    if entry.ski != ski.as_slice() {
        if is_wrapped(entry.ski, &ski) {
            findings.push(ListFinding::WrappedSki { index });
        } else {
            return Err(fail(EntryProblem::SkiMismatch));
        }
    }
    if strip_zeros(entry.serial_number) != strip_zeros(cert.serial()) {
        return Err(fail(EntryProblem::SerialMismatch));
    }
    if entry.issuer.is_some_and(|n| n != cert.issuer_der()) {
        return Err(fail(EntryProblem::FieldMismatch("issuer")));
    }
    if entry.subject.is_some_and(|n| n != cert.subject_der()) {
        return Err(fail(EntryProblem::FieldMismatch("subject")));
    }
    // The entry's dates only describe the certificate, whose own validity is what chain
    // validation enforces: a date that disagrees (AAMVA's list of 2025-11-18 gives
    // Virginia's IACA dates 12 hours off, an AM/PM slip) is noted, not fatal.
    let dates = [
        ("notBefore", entry.not_before, cert.not_before()),
        ("notAfter", entry.not_after, cert.not_after()),
    ];
    for (field, listed, actual) in dates {
        if listed.is_some_and(|t| t.unix_seconds() != actual) {
            findings.push(ListFinding::EntryDateMismatch { index, field });
        }
    }
    case_variants(Some(index), entry.rest, keys, findings);
    Ok(cert)
}

/// Reports keys of `rest` that differ from a CDDL key only in capitals.
pub(crate) fn case_variants(
    index: Option<usize>,
    rest: &TextRest,
    keys: &[&str],
    findings: &mut Vec<ListFinding>,
) {
    for (key, _) in rest {
        if keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            findings.push(ListFinding::CaseVariantKey {
                index,
                key: key.clone(),
            });
        }
    }
}

/// Finds certificates listed more than once: the same scope again is a finding, another
/// scope an error. Sorting keeps it n log n, whatever the list's length.
pub(crate) fn check_duplicates<S: PartialEq>(
    certificates: &[&[u8]],
    scope: impl Fn(usize) -> S,
    findings: &mut Vec<ListFinding>,
) -> Result<(), ListError> {
    let mut order: Vec<usize> = (0..certificates.len()).collect();
    order.sort_by(|a, b| {
        let (a_der, b_der) = (certificates.get(*a), certificates.get(*b));
        a_der.cmp(&b_der).then(a.cmp(b))
    });
    for pair in order.windows(2) {
        let (Some(&first), Some(&later)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        if certificates.get(first) != certificates.get(later) {
            continue;
        }
        if scope(first) == scope(later) {
            findings.push(ListFinding::DuplicateEntry { index: later });
        } else {
            return Err(ListError::Entry {
                index: later,
                problem: EntryProblem::ConflictingDuplicate,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_wrapped;

    #[test]
    fn wrapped_ski_forms() {
        let ski = [7u8; 20];
        let mut once = alloc::vec![0x04, 20];
        once.extend_from_slice(&ski);
        let mut twice = alloc::vec![0x04, 22, 0x04, 20];
        twice.extend_from_slice(&ski);
        assert!(is_wrapped(&once, &ski));
        assert!(is_wrapped(&twice, &ski));
        assert!(!is_wrapped(&ski, &ski));
        let mut wrong = twice.clone();
        if let Some(b) = wrong.last_mut() {
            *b ^= 1;
        }
        assert!(!is_wrapped(&wrong, &ski));
        assert!(!is_wrapped(&[0x04, 21, 0x04, 20], &ski));
    }
}
