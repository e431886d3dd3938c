//! Values of the State characteristic: the GATT client writes them (Write Without
//! Response), the GATT server sends them as notifications.

use core::fmt;

/// A State characteristic value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum State {
    /// `0x01`: written by the GATT client once subscribed; the session may begin.
    Start = 0x01,
    /// `0x02`: transport-specific session termination.
    End = 0x02,
}

/// A State characteristic value that is not one byte of `0x01` or `0x02`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// One byte, of no defined value.
    Unknown(u8),
    /// A value of this many bytes rather than one.
    Length(usize),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(b) => write!(f, "unknown State value 0x{b:02x}"),
            Self::Length(n) => write!(f, "State value of {n} bytes, not 1"),
        }
    }
}

impl core::error::Error for StateError {}

impl State {
    /// The byte on the wire.
    pub fn value(self) -> u8 {
        match self {
            Self::Start => 0x01,
            Self::End => 0x02,
        }
    }

    /// The characteristic value to write or notify: one byte.
    pub fn to_value(self) -> [u8; 1] {
        [self.value()]
    }

    /// The State a characteristic value holds.
    ///
    /// ```
    /// use iso18013::transport::ble::{State, StateError};
    /// assert_eq!(State::parse(&[0x02]), Ok(State::End));
    /// assert_eq!(State::parse(&[0x03]), Err(StateError::Unknown(3)));
    /// assert_eq!(State::parse(&[]), Err(StateError::Length(0)));
    /// ```
    ///
    /// # Errors
    /// [`StateError::Length`] unless the value is one byte, [`StateError::Unknown`] for a
    /// byte other than `0x01` and `0x02`.
    pub fn parse(value: &[u8]) -> Result<Self, StateError> {
        match value {
            [b] => Self::try_from(*b),
            _ => Err(StateError::Length(value.len())),
        }
    }
}

impl TryFrom<u8> for State {
    type Error = StateError;

    fn try_from(value: u8) -> Result<Self, StateError> {
        match value {
            0x01 => Ok(Self::Start),
            0x02 => Ok(Self::End),
            other => Err(StateError::Unknown(other)),
        }
    }
}
