//! Bounds on what a decoder accepts from a stranger.

/// The bounds a [`Decoder`](super::Decoder) enforces.
///
/// The defaults suit proximity presentation and issuance of ordinary credentials (an mDL
/// with a portrait and biometric templates fits many times over). Raise them for unusual
/// doctypes; lower them on constrained devices.
///
/// ```
/// use iso18013::cbor::Limits;
/// let strict = Limits { max_message_size: 64 * 1024, ..Limits::default() };
/// assert!(strict.max_depth >= 16);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest top-level message, in bytes.
    pub max_message_size: usize,
    /// Deepest nesting of arrays, maps, tags and tag-24 contents (at most
    /// [`DEPTH_CEILING`](Self::DEPTH_CEILING), whatever is set here).
    pub max_depth: u32,
    /// Most entries in one array or map.
    pub max_container_len: u64,
    /// Most CBOR items decoded from one message, counting every nested item: bounds the
    /// memory that a message of many tiny items can make the decoder build.
    pub max_items: u64,
    /// Most documents (and document requests) in one message.
    pub max_documents: u64,
    /// Most data elements in one document, over all its namespaces.
    pub max_elements: u64,
    /// Most certificates in one `x5chain`.
    pub max_certificates: u64,
}

impl Limits {
    /// The deepest nesting any setting allows: decoding recurses once per level, and this
    /// bound keeps that recursion far from any thread's stack limit.
    pub const DEPTH_CEILING: u32 = 128;

    /// The defaults, usable in `const` context.
    pub const DEFAULT: Self = Self {
        max_message_size: 16 * 1024 * 1024,
        max_depth: 32,
        max_container_len: 65_536,
        max_items: 1_000_000,
        max_documents: 64,
        max_elements: 4_096,
        max_certificates: 10,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
