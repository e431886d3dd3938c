//! Issuer data: `IssuerSigned`, `IssuerSignedItem`, `IssuerAuth` and the
//! `MobileSecurityObject` it signs.

mod auth;
mod item;
mod key_authorizations;
mod object;
mod status;

pub use auth::IssuerAuth;
pub use item::{DigestId, IssuerNameSpaces, IssuerSigned, IssuerSignedItem, IssuerSignedItemBytes};
pub use object::{
    DeviceKeyInfo, DigestIds, KeyAuthorizations, MobileSecurityObject, MobileSecurityObjectBytes,
    ValidityInfo, ValueDigests,
};
pub use status::{IdentifierListInfo, Status, StatusListInfo};
