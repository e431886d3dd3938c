//! [`GattClient`]: a [`BleLink`] on the GATT client side, driven through btleplug.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::time::Duration;

use btleplug::api::{
    Central as _, CentralEvent, Characteristic as GattCharacteristic, Peripheral as _, ScanFilter,
    ValueNotification, WriteType,
};
use btleplug::platform::{Adapter, Peripheral, PeripheralId};
use futures::{Stream, StreamExt as _};
use tokio::time::Instant;
use uuid::Uuid;

use super::{BleCentralError, Step, Timeouts};
use crate::driver::channel::{MessageChannel, Received};
use crate::transport::ble::{Action, BleError, BleLink, Characteristic, Event, GattRole};

type Notifications = Pin<Box<dyn Stream<Item = ValueNotification> + Send>>;
type Events = Pin<Box<dyn Stream<Item = CentralEvent> + Send>>;

/// How often the peripherals the adapter knows are checked while scanning.
const SCAN_POLL: Duration = Duration::from_millis(50);

/// Runs `fut` under `limit`, naming `step` on a timeout or a btleplug error.
async fn bounded<T>(
    step: Step,
    limit: Duration,
    fut: impl Future<Output = btleplug::Result<T>>,
) -> Result<T, BleCentralError> {
    match tokio::time::timeout(limit, fut).await {
        Err(_) => Err(BleCentralError::Timeout(step)),
        Ok(Err(error)) => Err(BleCentralError::Bluetooth { step, error }),
        Ok(Ok(value)) => Ok(value),
    }
}

/// Disconnects, ignoring the outcome (the link may already be gone), within `limit`.
async fn hang_up(peripheral: &Peripheral, limit: Duration) {
    let _ = tokio::time::timeout(limit, peripheral.disconnect()).await;
}

/// Scans for a peripheral advertising `service` until `timeouts.scan` runs out.
async fn find(
    adapter: &Adapter,
    service: Uuid,
    timeouts: &Timeouts,
) -> Result<Peripheral, BleCentralError> {
    let filter = ScanFilter {
        services: alloc::vec![service],
    };
    bounded(Step::Scan, timeouts.gatt, adapter.start_scan(filter)).await?;
    let found = tokio::time::timeout(timeouts.scan, async {
        loop {
            let peripherals =
                adapter
                    .peripherals()
                    .await
                    .map_err(|error| BleCentralError::Bluetooth {
                        step: Step::Scan,
                        error,
                    })?;
            for p in peripherals {
                let advertises = p
                    .properties()
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|props| props.services.contains(&service));
                if advertises {
                    return Ok(p);
                }
            }
            tokio::time::sleep(SCAN_POLL).await;
        }
    })
    .await;
    // Scanning stops whatever happened; a failure to stop is not the session's failure.
    let _ = tokio::time::timeout(timeouts.gatt, adapter.stop_scan()).await;
    found.unwrap_or(Err(BleCentralError::Timeout(Step::Scan)))
}

/// The GATT client end of an ISO 18013-5 BLE session, on btleplug: the reader in mdoc
/// peripheral server mode, or the mdoc in mdoc central client mode.
///
/// [`connect`](Self::connect) scans for the service UUID, connects, discovers the
/// characteristics of the link's mode, takes the MTU, reads and checks Ident (central
/// client mode), subscribes to State and Server2Client and writes State `0x01`. Then
/// [`send`](Self::send) and [`receive`](Self::receive) carry whole messages, and
/// [`terminate`](Self::terminate) ends with State `0x02`. Every step is bounded by the
/// [`Timeouts`], and on any error the client disconnects before returning it; dropping a
/// connected client also disconnects (in the background, on the current tokio runtime).
///
/// ```no_run
/// # async fn run() -> Result<(), iso18013::transport::ble_central::BleCentralError> {
/// use iso18013::engagement::BleMode;
/// use iso18013::transport::ble::{BleLink, Side};
/// use iso18013::transport::ble_central::{GattClient, Timeouts, first_adapter};
/// let adapter = first_adapter().await?;
/// let service = [0x45; 16]; // from the engagement
/// let link = BleLink::new(BleMode::PeripheralServer, Side::Reader, [0; 16]);
/// let mut client = GattClient::connect(&adapter, service, link, Timeouts::default()).await?;
/// client.send(b"a SessionEstablishment").await?;
/// let reply = client.receive().await?;
/// client.terminate().await?;
/// # Ok(()) }
/// ```
pub struct GattClient {
    peripheral: Peripheral,
    id: PeripheralId,
    service: Uuid,
    link: BleLink,
    characteristics: Vec<(Characteristic, GattCharacteristic)>,
    notifications: Notifications,
    events: Events,
    inbox: VecDeque<Vec<u8>>,
    connected: bool,
    timeouts: Timeouts,
}

impl core::fmt::Debug for GattClient {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GattClient")
            .field("peer", &self.id)
            .field("link", &self.link)
            .field("connected", &self.connected)
            .finish_non_exhaustive()
    }
}

impl GattClient {
    /// Connects to the peer advertising `service` and opens the session (see the type's
    /// docs). `link` must be a GATT client side: the reader in peripheral server mode or
    /// the mdoc in central client mode.
    ///
    /// # Errors
    /// [`BleCentralError::Timeout`] or [`BleCentralError::Bluetooth`] naming the step,
    /// [`BleCentralError::MissingService`], [`BleCentralError::MissingCharacteristic`],
    /// [`BleCentralError::Link`] (a wrong Ident, an unusable MTU).
    pub async fn connect(
        adapter: &Adapter,
        service: [u8; 16],
        link: BleLink,
        timeouts: Timeouts,
    ) -> Result<Self, BleCentralError> {
        if link.role() != GattRole::Client {
            return Err(BleCentralError::Link(BleError::UnexpectedEvent(
                "a GATT server link on a BLE central",
            )));
        }
        let service = Uuid::from_bytes(service);
        let events = bounded(Step::Scan, timeouts.gatt, adapter.events()).await?;
        let peripheral = find(adapter, service, &timeouts).await?;
        match Self::open(peripheral.clone(), service, link, events, timeouts).await {
            Ok(client) => Ok(client),
            Err(e) => {
                hang_up(&peripheral, timeouts.gatt).await;
                Err(e)
            }
        }
    }

    async fn open(
        peripheral: Peripheral,
        service: Uuid,
        link: BleLink,
        events: Events,
        timeouts: Timeouts,
    ) -> Result<Self, BleCentralError> {
        bounded(Step::Connect, timeouts.connect, peripheral.connect()).await?;
        bounded(
            Step::Discovery,
            timeouts.discovery,
            peripheral.discover_services(),
        )
        .await?;
        let mode = link.mode();
        let gatt = peripheral
            .services()
            .into_iter()
            .find(|s| s.uuid == service)
            .ok_or(BleCentralError::MissingService)?;
        let mut characteristics = Vec::new();
        for wanted in Characteristic::ALL {
            let Some(uuid) = wanted.uuid(mode) else {
                continue;
            };
            match gatt
                .characteristics
                .iter()
                .find(|c| c.uuid == Uuid::from_bytes(uuid))
            {
                Some(c) => characteristics.push((wanted, c.clone())),
                // L2CAP is optional; Ident only exists in central client mode.
                None if wanted == Characteristic::L2cap => {}
                None => return Err(BleCentralError::MissingCharacteristic(wanted)),
            }
        }
        let notifications =
            bounded(Step::Discovery, timeouts.gatt, peripheral.notifications()).await?;
        let id = peripheral.id();
        let mut client = Self {
            peripheral,
            id,
            service,
            link,
            characteristics,
            notifications,
            events,
            inbox: VecDeque::new(),
            connected: true,
            timeouts,
        };
        let mtu = client.peripheral.mtu();
        let started = match client.link.handle(Event::MtuChanged(mtu)) {
            Ok(_) => {
                let actions = client.link.start();
                client.perform(actions).await
            }
            Err(e) => Err(e.into()),
        };
        // On failure `connect` hangs up; the client's `Drop` must not do it again.
        client.connected = started.is_ok();
        started.map(|()| client)
    }

    /// The ATT MTU in use.
    pub fn mtu(&self) -> u16 {
        self.link.mtu()
    }

    /// The sans-I/O link underneath (its mode, state and termination).
    pub fn link(&self) -> &BleLink {
        &self.link
    }

    /// The btleplug peripheral (the peer).
    pub fn peripheral(&self) -> &Peripheral {
        &self.peripheral
    }

    fn gatt(&self, which: Characteristic) -> Result<&GattCharacteristic, BleCentralError> {
        self.characteristics
            .iter()
            .find(|(c, _)| *c == which)
            .map(|(_, g)| g)
            .ok_or(BleCentralError::MissingCharacteristic(which))
    }

    /// Performs the link's actions in order; the ones that produce events feed them back.
    async fn perform(&mut self, actions: Vec<Action>) -> Result<(), BleCentralError> {
        let mut queue: VecDeque<Action> = actions.into();
        let limit = self.timeouts.gatt;
        while let Some(action) = queue.pop_front() {
            match action {
                Action::Read(which) => {
                    let c = self.gatt(which)?.clone();
                    let value = bounded(Step::Gatt, limit, self.peripheral.read(&c)).await?;
                    let more = self.link.handle(Event::IdentRead(value))?;
                    for a in more.into_iter().rev() {
                        queue.push_front(a);
                    }
                }
                Action::Subscribe(which) => {
                    let c = self.gatt(which)?.clone();
                    bounded(Step::Gatt, limit, self.peripheral.subscribe(&c)).await?;
                }
                Action::Write {
                    characteristic,
                    value,
                } => {
                    let c = self.gatt(characteristic)?.clone();
                    let write = self
                        .peripheral
                        .write(&c, &value, WriteType::WithoutResponse);
                    bounded(Step::Gatt, limit, write).await?;
                }
                Action::Notify { .. } => {
                    return Err(
                        BleError::UnexpectedEvent("a notification from a GATT client").into(),
                    );
                }
                Action::Disconnect => {
                    self.connected = false;
                    hang_up(&self.peripheral, limit).await;
                }
                Action::Deliver(message) => self.inbox.push_back(message),
                Action::Started | Action::Ended(_) => {}
            }
        }
        Ok(())
    }

    /// Disconnects after an error and hands the error back.
    async fn failed<T>(
        &mut self,
        result: Result<T, BleCentralError>,
    ) -> Result<T, BleCentralError> {
        if result.is_err() && self.connected {
            self.connected = false;
            hang_up(&self.peripheral, self.timeouts.gatt).await;
        }
        result
    }

    /// Sends one message (a `SessionEstablishment` or `SessionData`), framed to the MTU.
    /// A `SessionData` with status 20 ends the session and disconnects.
    ///
    /// # Errors
    /// [`BleCentralError::Link`] when the session is not open; Bluetooth errors or
    /// timeouts of the writes. The client has disconnected when this fails.
    pub async fn send(&mut self, message: &[u8]) -> Result<(), BleCentralError> {
        let result = match self.link.send(message) {
            Ok(actions) => self.perform(actions).await,
            Err(e) => Err(e.into()),
        };
        self.failed(result).await
    }

    /// Waits for the peer's next whole message: up to `timeouts.reply` for its first
    /// value, then up to `timeouts.gap` between values and `timeouts.message` in all (a
    /// lost last value, or a peer that never finishes, ends here, not in a hang).
    ///
    /// # Errors
    /// [`BleCentralError::EndedByPeer`] when the peer ended the session first (State
    /// `0x02`), [`BleCentralError::Link`] for a protocol violation or the link dropping,
    /// [`BleCentralError::Timeout`] with [`Step::Reply`], [`Step::Gap`] or
    /// [`Step::Message`]. The client has
    /// disconnected when this fails.
    pub async fn receive(&mut self) -> Result<Vec<u8>, BleCentralError> {
        let result = self.next_message().await;
        self.failed(result).await
    }

    async fn next_message(&mut self) -> Result<Vec<u8>, BleCentralError> {
        // Fixed deadlines: values that make no progress (a repeated State, empty chunks, a
        // message dripped byte by byte) cannot keep the wait going.
        let reply_by = Instant::now() + self.timeouts.reply;
        let mut message_by = None;
        loop {
            if let Some(message) = self.inbox.pop_front() {
                return Ok(message);
            }
            if let Some(how) = self.link.termination() {
                return Err(if how.by_peer() {
                    BleCentralError::EndedByPeer(how)
                } else {
                    BleError::Closed.into()
                });
            }
            let (step, deadline) = if self.link.is_receiving() {
                let whole = *message_by.get_or_insert(Instant::now() + self.timeouts.message);
                let gap = Instant::now() + self.timeouts.gap;
                if gap < whole {
                    (Step::Gap, gap)
                } else {
                    (Step::Message, whole)
                }
            } else {
                (Step::Reply, reply_by)
            };
            let event = tokio::time::timeout_at(deadline, self.next_event())
                .await
                .map_err(|_| BleCentralError::Timeout(step))?;
            let actions = self.link.handle(event)?;
            self.perform(actions).await?;
        }
    }

    /// The next event from the peer: a value on one of the link's characteristics, or
    /// the disconnection.
    async fn next_event(&mut self) -> Event {
        let mode = self.link.mode();
        loop {
            tokio::select! {
                n = self.notifications.next() => match n {
                    None => return Event::Disconnected,
                    Some(n) => {
                        // Values of other services are none of the session's business
                        // (a backend that does not name the service gives the nil UUID).
                        let ours = n.service_uuid == self.service || n.service_uuid.is_nil();
                        if let (true, Some(characteristic)) =
                            (ours, Characteristic::from_uuid(mode, n.uuid.as_bytes()))
                        {
                            return Event::Received { characteristic, value: n.value };
                        }
                    }
                },
                e = self.events.next() => match e {
                    None => return Event::Disconnected,
                    Some(CentralEvent::DeviceDisconnected(id)) if id == self.id => {
                        self.connected = false;
                        return Event::Disconnected;
                    }
                    Some(_) => {}
                },
            }
        }
    }

    /// Ends the session with State `0x02` and disconnects.
    ///
    /// # Errors
    /// A Bluetooth error or timeout writing State; the client has disconnected anyway.
    pub async fn terminate(mut self) -> Result<(), BleCentralError> {
        let actions = self.link.terminate();
        let result = self.perform(actions).await;
        self.close().await;
        result
    }

    /// Disconnects without a word to the peer.
    pub async fn close(mut self) {
        if self.connected {
            self.connected = false;
            hang_up(&self.peripheral, self.timeouts.gatt).await;
        }
    }
}

impl Drop for GattClient {
    fn drop(&mut self) {
        if !self.connected {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let peripheral = self.peripheral.clone();
            let limit = self.timeouts.gatt;
            runtime.spawn(async move { hang_up(&peripheral, limit).await });
        }
    }
}

/// The GATT client as a [`MessageChannel`]: the role drivers ([`crate::driver`]) run over
/// it. The peer's State `0x02` is [`Received::Ended`]; every other failure is a
/// [`BleCentralError`], and the client has disconnected by then.
impl MessageChannel for GattClient {
    type Error = BleCentralError;

    async fn send(&mut self, message: &[u8]) -> Result<(), BleCentralError> {
        GattClient::send(self, message).await
    }

    async fn receive(&mut self) -> Result<Received, BleCentralError> {
        match GattClient::receive(self).await {
            Ok(message) => Ok(Received::Message(message)),
            Err(BleCentralError::EndedByPeer(how)) => Ok(Received::Ended(how)),
            Err(e) => Err(e),
        }
    }

    async fn terminate(self) -> Result<(), BleCentralError> {
        GattClient::terminate(self).await
    }

    async fn close(self) {
        GattClient::close(self).await;
    }
}
