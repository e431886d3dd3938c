//! Harness for running the real btleplug against a fake BlueZ (`tests/fake_bluez/`) on a
//! private D-Bus.
//!
//! libdbus reads `DBUS_SYSTEM_BUS_ADDRESS` once per process, and edition 2024 makes
//! `std::env::set_var` unsafe (this crate forbids unsafe code). So each BLE test runs in two
//! processes: the test as started by the harness (the "parent") starts one private
//! `dbus-daemon` per test process (a `OnceLock`; the daemon dies with the process through a
//! stdin pipe), starts the fake for this test (under a mutex: one `org.bluez` per bus), and
//! re-runs the same test binary, filtered to this one test, with `DBUS_SYSTEM_BUS_ADDRESS`
//! set from the start. That child runs the test body against btleplug in a tokio runtime.
//!
//! Without `dbus-daemon`, `dbus-send` or python-dbusmock the tests are reported as ignored
//! with the reason ([`FAKE_BLUEZ`], checked once per process by `tests/tier/`), unless
//! `BLE_FAKE_REQUIRED=1`, in which case they fail.
//!
//! Two test binaries share this module and each uses part of it.
#![allow(dead_code)]

use core::future::Future;
use core::time::Duration;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

pub(crate) mod relay;

use crate::tier::{Missing, Prerequisite};

use btleplug::api::{
    Central as _, CentralEvent, Characteristic, Manager as _, Peripheral as _, ScanFilter,
    WriteType,
};
use btleplug::platform::{Adapter, Manager, Peripheral};
use futures::StreamExt as _;
use uuid::Uuid;

/// Our own bound on scan, connect and discovery (bluez-async's own is a fixed 30 s).
pub(crate) const STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// Base of the ISO 18013-5 characteristic UUIDs.
const CHAR_BASE: &str = "-a123-48ce-896b-4c76973373e6";

/// The UUID of characteristic `n` (State 1/5, Client2Server 2/6, Server2Client 3/7, Ident 8).
pub(crate) fn char_uuid(n: u32) -> Uuid {
    Uuid::parse_str(&format!("{n:08x}{CHAR_BASE}")).expect("characteristic UUID")
}

const CHILD_ENV: &str = "ISO18013_BLE_FAKE_CHILD";
/// Where the child finds the fake's relay socket.
pub(crate) const RELAY_ENV: &str = "ISO18013_BLE_RELAY";

struct Bus {
    address: String,
    /// The Unix socket the fake's relay peer listens on (`peer: "relay"`).
    relay: PathBuf,
    /// Logs: the daemon's, and per test the fake's (`NAME.log`, `NAME.out`) and the child's.
    dir: PathBuf,
    // Holds the stdin pipe of `sh`: when this process ends, `read` returns and the daemon is killed.
    _keeper: Child,
}

static BUS: OnceLock<Result<Bus, String>> = OnceLock::new();
static FAKE: Mutex<()> = Mutex::new(());

fn python() -> String {
    std::env::var("FAKE_BLUEZ_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned())
}

fn fake_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake_bluez")
}

fn runs(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The tier of the fake-BlueZ tests: `dbus-daemon`, `dbus-send` and a Python with dbusmock.
pub(crate) static FAKE_BLUEZ: Prerequisite = Prerequisite {
    name: "fake BlueZ",
    env_switch: "BLE_FAKE_REQUIRED",
    check: prerequisites,
};

fn missing(what: &str, why: String) -> Missing {
    Missing {
        what: what.to_owned(),
        why,
    }
}

fn prerequisites() -> Result<(), Missing> {
    // The child re-run by `run` for one test: its parent has checked.
    if std::env::var_os(CHILD_ENV).is_some() {
        return Ok(());
    }
    if !runs(Command::new("dbus-daemon").arg("--version")) {
        return Err(missing(
            "dbus-daemon",
            "dbus-daemon is not installed (apt-get install dbus-daemon)".into(),
        ));
    }
    let on_path = |tool: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
    };
    if !on_path("dbus-send") {
        return Err(missing(
            "dbus-send",
            "dbus-send is not installed (apt-get install dbus-bin)".into(),
        ));
    }
    let py = python();
    if !runs(Command::new(&py).args(["-c", "import dbusmock"])) {
        return Err(missing(
            "python3-dbusmock",
            format!(
                "{py} cannot import dbusmock (apt-get install python3-dbusmock, or set FAKE_BLUEZ_PYTHON)"
            ),
        ));
    }
    Ok(())
}

fn start_bus() -> Result<Bus, String> {
    // The socket lives in a short per-process directory (unix socket paths are short), which
    // the keeper shell removes with the daemon; logs go to the target directory.
    let run = std::env::temp_dir().join(format!("iso18013-ble-fake-{}", std::process::id()));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ble-fake");
    for d in [&run, &dir] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let socket = run.join("bus");
    let _ = std::fs::remove_file(&socket);
    let address = format!("unix:path={}", socket.display());
    let conf = fake_dir().join("bus.conf");
    let script = format!(
        "dbus-daemon --nofork --config-file='{}' --address='{}' >'{}' 2>&1 & read _; kill $!; rm -rf '{}'",
        conf.display(),
        address,
        dir.join("dbus-daemon.log").display(),
        run.display()
    );
    let keeper = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("sh: {e}"))?;
    let deadline = Instant::now() + STEP_TIMEOUT;
    while !socket.exists() {
        if Instant::now() > deadline {
            return Err(format!("dbus-daemon did not create {}", socket.display()));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(Bus {
        address,
        relay: run.join("relay.sock"),
        dir,
        _keeper: keeper,
    })
}

fn tail(path: &Path, max: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let start = text.len().saturating_sub(max);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text.get(start..).unwrap_or_default().to_owned()
}

/// The fake for one test; killed on drop.
struct Fake {
    child: Child,
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_fake(bus: &Bus, name: &str, params: &str) -> Result<Fake, String> {
    let log = bus.dir.join(format!("{name}.log"));
    let out =
        std::fs::File::create(bus.dir.join(format!("{name}.out"))).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let child = Command::new(python())
        .args(["-m", "dbusmock", "--template"])
        .arg(fake_dir().join("mdoc_bluez.py"))
        .arg("-l")
        .arg(&log)
        .args(["-p", params])
        .env("DBUS_SYSTEM_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{}: {e}", python()))?;
    let mut fake = Fake { child };
    // Ready once org.bluez answers GetManagedObjects.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let ready = runs(
            Command::new("dbus-send")
                .args([
                    "--system",
                    "--print-reply",
                    "--dest=org.bluez",
                    "/",
                    "org.freedesktop.DBus.ObjectManager.GetManagedObjects",
                ])
                .env("DBUS_SYSTEM_BUS_ADDRESS", &bus.address),
        );
        if ready {
            return Ok(fake);
        }
        if let Ok(Some(status)) = fake.child.try_wait() {
            return Err(format!(
                "the fake exited ({status}):\n{}",
                tail(&bus.dir.join(format!("{name}.out")), 4000)
            ));
        }
        if Instant::now() > deadline {
            return Err("the fake did not claim org.bluez within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs one BLE test: `name` must be the test function's name, `params` the fake's JSON
/// parameters, `body` the test body (run in the child process, against btleplug). The
/// harness calls it only when [`FAKE_BLUEZ`] is present.
pub(crate) fn run<F, Fut>(name: &str, params: &str, body: F)
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ()>,
{
    if std::env::var(CHILD_ENV).as_deref() == Ok(name) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        rt.block_on(body());
        return;
    }
    let bus = match BUS.get_or_init(start_bus) {
        Ok(bus) => bus,
        Err(why) => panic!("private dbus-daemon: {why}"),
    };
    let _guard = FAKE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let params = format!(
        r#"{}, "relay": "{}"}}"#,
        params
            .trim_end()
            .strip_suffix('}')
            .expect("params are a JSON object"),
        bus.relay.display()
    );
    let fake = start_fake(bus, name, &params).unwrap_or_else(|e| panic!("{name}: {e}"));
    let started = Instant::now();
    let out_path = bus.dir.join(format!("{name}.child"));
    let out = std::fs::File::create(&out_path).expect("child output file");
    let err = out.try_clone().expect("child output file");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, name)
        .env("DBUS_SYSTEM_BUS_ADDRESS", &bus.address)
        .env(RELAY_ENV, &bus.relay)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("re-running the test binary");
    let limit = Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(fake);
    let mut output = String::new();
    let _ = std::fs::File::open(&out_path).and_then(|mut f| f.read_to_string(&mut output));
    let passed = status.is_some_and(|s| s.success()) && output.contains("1 passed");
    if !passed {
        panic!(
            "{name} failed ({}) after {:?}\n--- test output ---\n{output}\n--- fake log (tail) ---\n{}",
            status.map_or_else(|| "timed out".to_owned(), |s| s.to_string()),
            started.elapsed(),
            tail(&bus.dir.join(format!("{name}.log")), 3000)
        );
    }
    eprintln!("{name}: passed in {:?}", started.elapsed());
}

/// Fails with `what` when `fut` does not finish within `STEP_TIMEOUT`.
pub(crate) async fn within<T>(what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(STEP_TIMEOUT, fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: no result within {STEP_TIMEOUT:?}"))
}

/// The first adapter of the fake.
pub(crate) async fn adapter() -> Adapter {
    let manager = within("Manager::new", Manager::new())
        .await
        .expect("btleplug manager");
    let adapters = within("adapters", manager.adapters())
        .await
        .expect("adapters");
    adapters
        .into_iter()
        .next()
        .expect("the fake has an adapter")
}

/// Scans for `service` and returns the first peripheral advertising it.
pub(crate) async fn scan(adapter: &Adapter, service: Uuid) -> Peripheral {
    adapter
        .start_scan(ScanFilter {
            services: vec![service],
        })
        .await
        .expect("start_scan");
    let found = within("scan", async {
        loop {
            for p in adapter.peripherals().await.expect("peripherals") {
                let props = p.properties().await.expect("properties");
                if props.is_some_and(|props| props.services.contains(&service)) {
                    return p;
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    adapter.stop_scan().await.expect("stop_scan");
    found
}

/// Scans, connects and discovers the services; each step bounded by `STEP_TIMEOUT`.
pub(crate) async fn connect(adapter: &Adapter, service: Uuid) -> Peripheral {
    let p = scan(adapter, service).await;
    within("connect", p.connect()).await.expect("connect");
    within("discover_services", p.discover_services())
        .await
        .expect("discover_services");
    p
}

/// The characteristic with this UUID.
pub(crate) fn characteristic(p: &Peripheral, uuid: Uuid) -> Characteristic {
    p.characteristics()
        .into_iter()
        .find(|c| c.uuid == uuid)
        .unwrap_or_else(|| panic!("no characteristic {uuid}"))
}

/// How a receive loop ended.
#[derive(Debug)]
pub(crate) enum Received {
    /// A complete message (a chunk with header 0x00 arrived).
    Message(Vec<u8>),
    /// The link dropped first; the bytes received so far.
    Disconnected(Vec<u8>),
}

/// Writes `message` to Client2Server as 0x01/0x00 chunks of `mtu - 3` bytes (the trivial
/// framing, inline for this test), stopping at the first failed write, and returns the error.
pub(crate) async fn write_message(
    p: &Peripheral,
    c2s: &Characteristic,
    message: &[u8],
    mtu: usize,
) -> Result<(), btleplug::Error> {
    let step = mtu.saturating_sub(4).max(1);
    let mut chunks: Vec<&[u8]> = message.chunks(step).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let last = chunks.len() - 1;
    for (i, data) in chunks.into_iter().enumerate() {
        let mut value = Vec::with_capacity(data.len() + 1);
        value.push(if i == last { 0x00 } else { 0x01 });
        value.extend_from_slice(data);
        within("write", p.write(c2s, &value, WriteType::WithoutResponse)).await?;
    }
    Ok(())
}

/// Reassembles one message from Server2Client notifications, or ends on the disconnect
/// event; the whole loop is bounded by `STEP_TIMEOUT` between two events.
pub(crate) async fn receive_message(
    p: &Peripheral,
    events: &mut (impl futures::Stream<Item = CentralEvent> + Unpin),
    notifications: &mut (impl futures::Stream<Item = btleplug::api::ValueNotification> + Unpin),
    s2c: Uuid,
) -> Received {
    let id = p.id();
    let mut message = Vec::new();
    loop {
        let next = within("the next notification or event", async {
            tokio::select! {
                n = notifications.next() => Some(n.expect("notification stream ended")),
                e = events.next() => match e {
                    Some(CentralEvent::DeviceDisconnected(d)) if d == id => None,
                    _ => Some(btleplug::api::ValueNotification {
                        uuid: Uuid::nil(),
                        service_uuid: Uuid::nil(),
                        value: Vec::new(),
                    }),
                },
            }
        })
        .await;
        let Some(n) = next else {
            return Received::Disconnected(message);
        };
        if n.uuid != s2c {
            continue;
        }
        let (&header, data) = n.value.split_first().expect("an empty notification");
        message.extend_from_slice(data);
        if header == 0x00 {
            return Received::Message(message);
        }
    }
}
