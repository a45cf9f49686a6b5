//! Why a change to a record was refused, shared by every area's state machine.

/// Why a change was refused; the message can be shown to the user as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The actor's role may never do this (HTTP 403).
    #[error("{0}")]
    NotPermitted(&'static str),
    /// The role may do this, but not in the request's current status or claim (HTTP 409).
    #[error("{0}")]
    WrongState(&'static str),
}

impl TransitionError {
    /// The message to show the user.
    pub fn message(&self) -> &'static str {
        match self {
            Self::NotPermitted(m) | Self::WrongState(m) => m,
        }
    }
}
