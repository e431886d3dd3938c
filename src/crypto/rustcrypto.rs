//! The RustCrypto backend.

/// The RustCrypto backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;
