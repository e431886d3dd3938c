//! MSO revocation (ISO/IEC 18013-5 2nd edition 12.3.6): status lists (the IETF Token
//! Status List in CWT form) and identifier lists, sans-I/O.
//!
//! - [`StatusList`]: 1, 2, 4 or 8 bits per entry, get and set by index ([`Status`]);
//!   [`CompressedStatusList`] is the CBOR `StatusList` with its ZLIB `lst`, decompressed
//!   under a caller's limit.
//! - [`IdentifierList`]: the identifiers of revoked MSOs.
//! - [`ListSigner`]: builds and signs tokens (`COSE_Sign1` tagged 18; protected `alg`,
//!   `typ`, `x5chain`; claims `sub`, `iat`, `exp`, `ttl` and the list) in one step through
//!   an [`issuer::Signer`](crate::issuer::Signer) or in two ([`PreparedListToken`]).
//! - [`verify_status_list`] and [`verify_identifier_list`]: the signature under the trust
//!   point the MSO gives ([`ListTrust`]), the signer's Annex B.1.7 profile, `typ`, `sub`
//!   against the MSO's `uri`, `iat`/`exp`/`ttl` against `now`; the results
//!   ([`VerifiedStatusList`], [`VerifiedIdentifierList`]) answer for an index or an
//!   identifier. An index beyond the list is an error, never valid.
//!
//! Fetching tokens, caching them and what a missing status means are the caller's: this
//! module takes bytes and a time.

mod claims;
mod compressed;
mod error;
mod identifier;
mod list;
mod sign;
mod verify;

pub use claims::{
    CLAIM_EXP, CLAIM_IAT, CLAIM_IDENTIFIER_LIST, CLAIM_STATUS_LIST, CLAIM_SUB, CLAIM_TTL,
    ListClaims,
};
pub use compressed::{CompressedStatusList, DEFAULT_MAX_LIST_BYTES};
pub use error::{ListError, ListFinding, ListKind};
pub use identifier::{IdentifierInfo, IdentifierList};
pub use list::{Status, StatusList, StatusListError};
pub use sign::{HEADER_TYP, ListSigner, PreparedListToken, TokenParams};
pub use verify::{
    ListTrust, ListVerifyOptions, TokenInfo, VerifiedIdentifierList, VerifiedStatusList,
    decode_token, verify_identifier_list, verify_status_list,
};

#[cfg(test)]
mod tests;
