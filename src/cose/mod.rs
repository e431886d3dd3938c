//! COSE structures as ISO 18013-5 carries them: keys (and their SEC1 points), headers,
//! `COSE_Sign1`, `COSE_Mac0`.
//!
//! Messages keep the exact bytes of their protected headers and payloads, so that
//! signatures and MACs are later checked over what was received.

mod crypto;
mod header;
mod header_rules;
mod key;
mod message;
mod sec1;

pub use crypto::{
    CoseError, HMAC_256_256, PreparedSign1, mac_structure, sig_structure, sig_structure_head,
};
pub use header::{Header, HeaderFinding, ProtectedHeader, X5Chain};
pub use header_rules::{HeaderError, HeaderLabel, UNDERSTOOD_LABELS, check_headers};
pub use key::{CoseKey, Curve, EcY, KeyType};
pub use message::{CoseMac0, CoseSign1};
pub use sec1::{cose_key_from_sec1, sec1_from_cose_key};

#[cfg(test)]
mod tests;
