//! What a list payload is to the signing and verification code: [`TrustList`], sealed,
//! for [`Vical`] and [`Rical`], with each list's rules for its entries.

use alloc::vec::Vec;

use super::entries::{EntryView, case_variants, check_duplicates, check_entry};
use super::error::{EntryProblem, ListError, ListFinding};
use super::model::{CERTIFICATE_INFO_KEYS, VICAL_KEYS, Vical};
use super::rical::{RICAL_INFO_KEYS, RICAL_KEYS, Rical, RicalCertificateInfo};
use crate::cbor::{Decode, Encode, TDate, Value};
use crate::x509::{Certificate, LeafRole};

mod private {
    #[allow(unreachable_pub)] // the sealed-trait pattern: nameable by no other crate
    pub trait Sealed {}
    impl Sealed for super::Vical {}
    impl Sealed for super::Rical {}
}

/// A trust list payload: [`Vical`] or [`Rical`] (sealed).
pub trait TrustList: Decode + Encode + Clone + private::Sealed {
    /// `"VICAL"` or `"RICAL"`.
    const NAME: &'static str;
    /// The profile its signer is held to.
    const SIGNER: LeafRole;
    /// Whether the annex puts `x5chain` in the protected header (RICAL) or the
    /// unprotected one (VICAL).
    const X5CHAIN_PROTECTED: bool;

    /// `date`: when it was issued.
    fn date(&self) -> &TDate;
    /// `nextUpdate`.
    fn next_update(&self) -> Option<&TDate>;
    /// `notAfter`.
    fn not_after(&self) -> Option<&TDate>;
    /// The issue number: a VICAL's `vicalIssueID`, a RICAL's `id` ("unique and
    /// monotonically increasing").
    fn issue_id(&self) -> Option<u64>;

    /// Holds every entry against its certificate; returns each certificate with whether
    /// it may serve as a trust anchor.
    #[doc(hidden)]
    fn check_entries(
        &self,
        findings: &mut Vec<ListFinding>,
    ) -> Result<Vec<(Certificate, bool)>, ListError>;
}

impl TrustList for Vical {
    const NAME: &'static str = "VICAL";
    const SIGNER: LeafRole = LeafRole::VicalSigner;
    const X5CHAIN_PROTECTED: bool = false;

    fn date(&self) -> &TDate {
        &self.date
    }
    fn next_update(&self) -> Option<&TDate> {
        self.next_update.as_ref()
    }
    fn not_after(&self) -> Option<&TDate> {
        self.not_after.as_ref()
    }
    fn issue_id(&self) -> Option<u64> {
        self.vical_issue_id
    }

    fn check_entries(
        &self,
        findings: &mut Vec<ListFinding>,
    ) -> Result<Vec<(Certificate, bool)>, ListError> {
        case_variants(None, &self.rest, VICAL_KEYS, findings);
        let mut out = Vec::new();
        for (index, info) in self.certificate_infos.iter().enumerate() {
            let view = EntryView {
                certificate: &info.certificate,
                serial_number: &info.serial_number,
                ski: &info.ski,
                issuer: info.issuer.as_deref(),
                subject: info.subject.as_deref(),
                not_before: info.not_before.as_ref(),
                not_after: info.not_after.as_ref(),
                rest: &info.rest,
            };
            out.push((
                check_entry(index, &view, CERTIFICATE_INFO_KEYS, findings)?,
                true,
            ));
        }
        let ders: Vec<&[u8]> = self
            .certificate_infos
            .iter()
            .map(|i| i.certificate.as_slice())
            .collect();
        check_duplicates(
            &ders,
            |i| {
                let mut types: Vec<&str> = self
                    .certificate_infos
                    .get(i)
                    .map(|info| {
                        info.doc_type
                            .iter()
                            .map(alloc::string::String::as_str)
                            .collect()
                    })
                    .unwrap_or_default();
                types.sort_unstable();
                types.dedup();
                types
            },
            findings,
        )?;
        Ok(out)
    }
}

impl TrustList for Rical {
    const NAME: &'static str = "RICAL";
    const SIGNER: LeafRole = LeafRole::RicalSigner;
    const X5CHAIN_PROTECTED: bool = true;

    fn date(&self) -> &TDate {
        &self.date
    }
    fn next_update(&self) -> Option<&TDate> {
        self.next_update.as_ref()
    }
    fn not_after(&self) -> Option<&TDate> {
        self.not_after.as_ref()
    }
    fn issue_id(&self) -> Option<u64> {
        self.id
    }

    fn check_entries(
        &self,
        findings: &mut Vec<ListFinding>,
    ) -> Result<Vec<(Certificate, bool)>, ListError> {
        if self.certificate_infos.is_empty() {
            return Err(ListError::Empty);
        }
        case_variants(None, &self.rest, RICAL_KEYS, findings);
        let mut out = Vec::new();
        let mut constraints = Vec::new();
        for (index, info) in self.certificate_infos.iter().enumerate() {
            let view = EntryView {
                certificate: &info.certificate,
                serial_number: &info.serial_number,
                ski: &info.ski,
                issuer: info.issuer.as_deref(),
                subject: info.subject.as_deref(),
                not_before: info.not_before.as_ref(),
                not_after: info.not_after.as_ref(),
                rest: &info.rest,
            };
            let cert = check_entry(index, &view, RICAL_INFO_KEYS, findings)?;
            let (usable, kept) = rical_usable(index, info, findings)?;
            constraints.push(kept);
            out.push((cert, usable));
        }
        let ders: Vec<&[u8]> = self
            .certificate_infos
            .iter()
            .map(|i| i.certificate.as_slice())
            .collect();
        check_duplicates(&ders, |i| constraints.get(i).cloned(), findings)?;
        Ok(out)
    }
}

/// Whether a RICAL entry may be a reader root (see [`Rical`]), and its constraints as one value for the duplicate check.
fn rical_usable(
    index: usize,
    info: &RicalCertificateInfo,
    findings: &mut Vec<ListFinding>,
) -> Result<(bool, Option<Value>), ListError> {
    let fail = |problem| ListError::Entry { index, problem };
    let kept = |key: &str| info.rest.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let anchor = match kept("isTrustAnchor") {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Bool(false)) => false,
        Some(_) => return Err(fail(EntryProblem::IllTyped("isTrustAnchor"))),
    };
    let prose = kept("trustConstraints");
    let satisfiable = match (&info.trust_contraints, prose) {
        (Some(_), Some(_)) => return Err(fail(EntryProblem::AmbiguousTrustConstraints)),
        (Some(list), None) => list.iter().any(super::rical::TrustConstraint::is_empty),
        (None, Some(value)) => {
            findings.push(ListFinding::TrustConstraintsSpelling { index });
            let Value::Array(items) = value else {
                return Err(fail(EntryProblem::IllTyped("trustConstraints")));
            };
            let mut any_empty = false;
            for item in items {
                match item {
                    Value::Map(entries) => {
                        let vacuous = entries.iter().all(|(k, v)| {
                            k.as_text() == Some("extensions")
                                && matches!(v, Value::Map(m) if m.is_empty())
                        });
                        any_empty |= vacuous;
                    }
                    _ => return Err(fail(EntryProblem::IllTyped("trustConstraints"))),
                }
            }
            any_empty
        }
        (None, None) => true,
    };
    if !anchor {
        findings.push(ListFinding::NotTrustAnchor { index });
    } else if !satisfiable {
        findings.push(ListFinding::UnsupportedTrustConstraints { index });
    }
    let constraints = info
        .trust_contraints
        .as_ref()
        .map(|list| {
            Value::Array(
                list.iter()
                    .map(|c| {
                        Value::Map(
                            c.extensions
                                .iter()
                                .flatten()
                                .chain(c.rest.iter())
                                .map(|(k, v)| (Value::from(k.as_str()), v.clone()))
                                .collect(),
                        )
                    })
                    .collect(),
            )
        })
        .or_else(|| prose.cloned());
    Ok((anchor && satisfiable, constraints))
}
