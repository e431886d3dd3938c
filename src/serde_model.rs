//! `serde::Serialize` for the typed structures of the data model (feature `serde`): each
//! serializes as the [`Value`](crate::cbor::Value) of its CBOR encoding, with the CDDL's
//! keys and the conventions of the `json` module (`mdoc inspect` shows
//! the same, with COSE messages moreover labelled). Secrets are not data-model types and
//! never implement `Serialize` (see the test at the end).

use crate::cbor::serialize::serialize_as_cbor;

serialize_as_cbor!(
    crate::mso::MobileSecurityObject,
    crate::mso::DeviceKeyInfo,
    crate::mso::KeyAuthorizations,
    crate::mso::ValidityInfo,
    crate::mso::Status,
    crate::mso::StatusListInfo,
    crate::mso::IdentifierListInfo,
    crate::mso::IssuerAuth,
    crate::mso::IssuerSigned,
    crate::mso::IssuerSignedItem,
    crate::response::DeviceResponse,
    crate::response::Document,
    crate::response::DeviceSigned,
    crate::response::DeviceAuth,
    crate::response::DeviceNameSpacesMap,
    crate::response::DeviceAuthentication,
    crate::request::DeviceRequest,
    crate::request::DocRequest,
    crate::request::ItemsRequest,
    crate::request::ReaderAuthentication,
    crate::engagement::DeviceEngagement,
    crate::engagement::Security,
    crate::engagement::OriginInfo,
    crate::engagement::Capabilities,
    crate::engagement::DeviceRetrievalMethod,
    crate::engagement::BleOptions,
    crate::engagement::NfcOptions,
    crate::engagement::WifiAwareOptions,
    crate::session::SessionEstablishment,
    crate::session::SessionData,
    crate::session::SessionTranscript,
    crate::session::Handover,
    crate::cose::CoseKey,
    crate::cose::CoseSign1,
    crate::cose::CoseMac0,
    crate::cose::Header,
    crate::cose::ProtectedHeader,
    crate::doctype::mdl::DrivingPrivileges,
    crate::doctype::mdl::DrivingPrivilege,
    crate::doctype::mdl::Code,
);

/// Secrets never serialize: each line below compiles only while the type does not
/// implement `Serialize` (two blanket impls make the call ambiguous when it does).
#[cfg(test)]
mod no_secret_serializes {
    trait AmbiguousIfSerialize<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSerialize<()> for T {}
    #[allow(dead_code)]
    struct IsSerialize;
    impl<T: ?Sized + serde::Serialize> AmbiguousIfSerialize<IsSerialize> for T {}

    #[test]
    fn secrets_do_not_implement_serialize() {
        <crate::crypto::EcPrivateKey as AmbiguousIfSerialize<_>>::check();
        <crate::crypto::SecretBytes as AmbiguousIfSerialize<_>>::check();
        <crate::session::SessionKeys as AmbiguousIfSerialize<_>>::check();
        <crate::session::SessionEncryption as AmbiguousIfSerialize<_>>::check();
        // Holders of private keys.
        <crate::issuer::KeySigner<'static> as AmbiguousIfSerialize<_>>::check();
        <crate::holder::WalletDocument as AmbiguousIfSerialize<_>>::check();
        <crate::reader::ReaderAuthentication as AmbiguousIfSerialize<_>>::check();
        // And the check does see an impl: a data-model type is not ambiguous only under
        // the second impl.
        <crate::cbor::Value as AmbiguousIfSerialize<IsSerialize>>::check();
    }
}
