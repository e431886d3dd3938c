//! The current time, as the crate takes it (feature `std`).

/// Now, in seconds since the Unix epoch: the `now` that verification, chain validation
/// and [`TestPki`](crate::testing::TestPki) take, read from the system clock (0 for a
/// clock before 1970).
///
/// ```
/// let now = iso18013::now();
/// assert!(now > 1_700_000_000);
/// let today = iso18013::cbor::TDate::from_unix_seconds(now)?;
/// # Ok::<(), iso18013::cbor::DateError>(())
/// ```
pub fn now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}
