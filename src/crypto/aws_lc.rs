//! The aws-lc-rs backend.

/// The aws-lc-rs backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsLc;
