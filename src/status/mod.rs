//! MSO revocation (ISO/IEC 18013-5 2nd edition 12.3.6): status lists (the IETF Token
//! Status List in CWT form) and identifier lists, sans-I/O.
//!
//! - [`StatusList`]: 1, 2, 4 or 8 bits per entry, get and set by index ([`Status`]);
//!   [`CompressedStatusList`] is the CBOR `StatusList` with its ZLIB `lst`, decompressed
//!   under a caller's limit.
//! - [`IndexAllocator`]: hands out list indexes to credentials at random, never twice.
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
//! For a verification-time cache: a verified list holds its list decompressed once (a
//! status is a read of a byte, an identifier a binary search), its `sub`
//! ([`uri`](VerifiedStatusList::uri)), and until when it may be used
//! ([`usable_until`](VerifiedStatusList::usable_until): the earliest of `exp`,
//! `iat + ttl` and the end of the signer chain's validity).
//! [`status_for`](VerifiedStatusList::status_for) and
//! [`is_revoked_for`](VerifiedIdentifierList::is_revoked_for) answer for an MSO's
//! `StatusListInfo` / `IdentifierListInfo`, refusing one that names another URI.
//!
//! Fetching tokens, caching them and what a missing status means are the caller's: this
//! module takes bytes and a time.
//!
//! # The standards, and where they disagree
//!
//! - The IETF draft (Token Status List) vectors pass byte for byte: the 1-, 2-, 4- and
//!   8-bit lists decode and re-encode to the draft's bytes, their contents are the ones the
//!   draft's appendix lists, and the two short lists compress to the draft's very bytes
//!   (`test-vectors/status-list/README.md`).
//! - ISO 18013-5 2nd edition drafts' Annex D.6 shows the tokens in diagnostic notation with
//!   these errors, corrected here: `typ` `"statuslist+cwt"` and `"identfierlist+cwt"`
//!   (short forms, the second misspelt) where 12.3.6 and the IETF draft have the media
//!   types `application/statuslist+cwt` and `application/identifierlist+cwt`: we write
//!   the media types, and accept the short forms and the misspelling with a finding
//!   ([`ListFinding::ShortType`], [`ListFinding::MisspeltType`]); missing and trailing
//!   commas that make the notation invalid; claims listed out of deterministic order (we
//!   write 2, 4, 6, 65530/65533, 65534). The tests reproduce both examples with real
//!   certificates, lists and signatures.
//! - The MSO revocation list signer (Annex B.1.7, Table B.9) has an optional
//!   extKeyUsage whose OID (`id-kp-oauthStatusSigning`) has no number yet: none is
//!   required, one naming a document signer's or reader's purpose is refused
//!   ([`CertificateRole::StatusListSigner`](crate::x509::CertificateRole::StatusListSigner)).

mod allocate;
mod claims;
mod compressed;
mod error;
mod identifier;
mod list;
mod sign;
mod verify;

pub use allocate::{AllocateError, IndexAllocator};
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
