//! Issuer data: `IssuerSigned`, `IssuerSignedItem`, `IssuerAuth` and the
//! `MobileSecurityObject` it signs.

mod auth;
mod item;
mod key_authorizations;
mod object;

pub use auth::IssuerAuth;
pub use item::{DigestId, IssuerNameSpaces, IssuerSigned, IssuerSignedItem, IssuerSignedItemBytes};
pub use object::{
    DeviceKeyInfo, DigestIds, IdentifierListInfo, KeyAuthorizations, MobileSecurityObject,
    MobileSecurityObjectBytes, Status, StatusListInfo, ValidityInfo, ValueDigests,
};
