//! The other side of the ISO exchange, in the test process: a GATT server [`BleLink`] fed
//! by the fake BlueZ's relay socket (`peer: "relay"`, protocol in
//! `tests/fake_bluez/mdoc_bluez.py`). Whatever the central (btleplug) writes reaches this
//! link; whatever this link notifies goes out through the fake as notifications.

use std::collections::VecDeque;
use std::path::PathBuf;

use core::time::Duration;
use iso18013::transport::ble::{Action, BleError, BleLink, Characteristic, Event, Termination};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader, Lines};
use tokio::net::UnixStream;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};

/// How the peer's wait for a message ended, when no message came.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PeerEnd {
    /// The session ended (State `0x02` or status 20).
    Ended(Termination),
    /// The link rejected what arrived.
    Failed(BleError),
    /// The central disconnected (or the link dropped).
    Disconnected,
}

/// The relay peer.
pub(crate) struct RelayPeer {
    lines: Lines<BufReader<OwnedReadHalf>>,
    out: OwnedWriteHalf,
    link: BleLink,
    inbox: VecDeque<Vec<u8>>,
    disconnected: bool,
}

fn role(c: Characteristic) -> &'static str {
    match c {
        Characteristic::State => "state",
        Characteristic::Server2Client => "s2c",
        Characteristic::Client2Server => "c2s",
        Characteristic::Ident => "ident",
        other => panic!("no relay role for {other:?}"),
    }
}

impl RelayPeer {
    /// Connects to the fake's relay socket and starts `link` (a GATT server side) at `mtu`.
    pub(crate) async fn connect(mut link: BleLink, mtu: u16) -> Self {
        let path = PathBuf::from(std::env::var_os(super::RELAY_ENV).expect("relay socket path"));
        let stream = UnixStream::connect(&path)
            .await
            .unwrap_or_else(|e| panic!("relay socket {}: {e}", path.display()));
        let (read, out) = stream.into_split();
        link.handle(Event::MtuChanged(mtu)).expect("MTU");
        assert!(link.start().is_empty(), "a GATT server starts silently");
        Self {
            lines: BufReader::new(read).lines(),
            out,
            link,
            inbox: VecDeque::new(),
            disconnected: false,
        }
    }

    async fn line(&mut self, line: String) {
        self.out
            .write_all(format!("{line}\n").as_bytes())
            .await
            .expect("relay write");
    }

    /// Sets a characteristic's value before the central reads it (Ident).
    pub(crate) async fn set_value(&mut self, c: Characteristic, value: &[u8]) {
        self.line(format!("value {} {}", role(c), hex::encode(value)))
            .await;
    }

    /// Tells the fake to fail the named fault switch at `n` from now on.
    pub(crate) async fn set_param(&mut self, key: &str, n: usize) {
        self.line(format!("param {key} {n}")).await;
    }

    async fn perform(&mut self, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Notify {
                    characteristic,
                    value,
                } => {
                    self.line(format!(
                        "notify {} {}",
                        role(characteristic),
                        hex::encode(value)
                    ))
                    .await;
                }
                Action::Deliver(message) => self.inbox.push_back(message),
                Action::Started | Action::Ended(_) => {}
                other => panic!("a GATT server asked for {other:?}"),
            }
        }
    }

    /// The next event from the fake, `None` once the socket closed.
    async fn event(&mut self) -> Option<Event> {
        loop {
            let line = self.lines.next_line().await.expect("relay read")?;
            let words: Vec<&str> = line.split_whitespace().collect();
            let value = || hex::decode(words.get(2).copied().unwrap_or("")).expect("hex");
            return Some(match (words[0], words.get(1).copied()) {
                ("connected", _) => continue,
                ("disconnected", _) => {
                    self.disconnected = true;
                    Event::Disconnected
                }
                ("write", Some("state")) => Event::Received {
                    characteristic: Characteristic::State,
                    value: value(),
                },
                ("write", Some("c2s")) => Event::Received {
                    characteristic: Characteristic::Client2Server,
                    value: value(),
                },
                _ => panic!("relay line {line:?}"),
            });
        }
    }

    /// Feeds one event to the link.
    async fn step(&mut self) -> Result<(), PeerEnd> {
        let Some(event) = self.event().await else {
            return Err(PeerEnd::Disconnected);
        };
        match self.link.handle(event) {
            Ok(actions) => {
                self.perform(actions).await;
                Ok(())
            }
            Err(BleError::Disconnected) => Err(PeerEnd::Disconnected),
            Err(e) => Err(PeerEnd::Failed(e)),
        }
    }

    /// Waits until the central wrote State `0x01`.
    pub(crate) async fn started(&mut self) -> Result<(), PeerEnd> {
        while !self.link.is_open() {
            if let Some(how) = self.link.termination() {
                return Err(PeerEnd::Ended(how));
            }
            self.step().await?;
        }
        Ok(())
    }

    /// The next whole message from the central.
    pub(crate) async fn receive(&mut self) -> Result<Vec<u8>, PeerEnd> {
        loop {
            if let Some(message) = self.inbox.pop_front() {
                return Ok(message);
            }
            if let Some(how) = self.link.termination() {
                return Err(PeerEnd::Ended(how));
            }
            if self.disconnected {
                return Err(PeerEnd::Disconnected);
            }
            self.step().await?;
        }
    }

    /// Sends one message as notifications.
    pub(crate) async fn send(&mut self, message: &[u8]) {
        let actions = self.link.send(message).expect("send on the relay link");
        self.perform(actions).await;
    }

    /// Ends the session with State `0x02`.
    pub(crate) async fn terminate(&mut self) {
        let actions = self.link.terminate();
        self.perform(actions).await;
    }

    /// True once the central has disconnected (waiting for it up to 10 s).
    pub(crate) async fn central_disconnected(&mut self) -> bool {
        let wait = async {
            while !self.disconnected {
                if self.event().await.is_none() {
                    break;
                }
            }
            self.disconnected
        };
        tokio::time::timeout(Duration::from_secs(10), wait)
            .await
            .unwrap_or(false)
    }
}
