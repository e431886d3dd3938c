# -*- coding: utf-8 -*-
'''A fake BlueZ for the iso18013 BLE tests: the stock dbusmock `bluez5` template plus
one adapter (starting powered off), one ISO 18013-5 peer that appears on StartDiscovery,
a Connect that exports its GATT objects and then sets ServicesResolved, the mdoc GATT
characteristics (peripheral server or central client mode), notifications as
PropertiesChanged(GattCharacteristic1, {"Value": ay}), fault switches, and a peer that
either echoes messages or relays the GATT traffic to the test process, which plays the
other side of the ISO exchange with the crate's own code.

Load it with `python3 -m dbusmock --template tests/fake_bluez/mdoc_bluez.py -p '{...}'`.

Parameters (JSON, all optional):
  service_uuid    128-bit service UUID the device advertises and serves
  mode            "peripheral" (State 1, Client2Server 2, Server2Client 3) or
                  "central" (State 5, Client2Server 6, Server2Client 7, Ident 8)
  ident           hex of the 16-byte Ident value (central mode)
  mtu             MTU property on the characteristics (23, 185, 517, ...) or null: absent
  address         device address
  peer            "echo" (echo every complete Client2Server message on Server2Client),
                  "relay" (see below) or "none"
  relay           path of the Unix socket to listen on for the relay peer
  omit            characteristics not to export: a list of "state", "c2s", "s2c", "ident"
  disconnect_after_notifications  the peer drops the link after the Nth Server2Client value
  drop_notification       drop the Nth Server2Client notification (1-based)
  duplicate_notification  send the Nth Server2Client notification twice (1-based)
  disconnect_after_writes the peer drops the link after the Nth Client2Server write
  never_resolve   Connect never sets ServicesResolved
  connect_fails   Connect fails with org.bluez.Error.Failed

The relay protocol, one line each way per event, values in hex:
  fake -> test   "write ROLE HEX" (a WriteValue on state or c2s), "connected", "disconnected"
  test -> fake   "notify ROLE HEX" (a notification on state or s2c; the fault switches apply
                 to s2c), "value ROLE HEX" (set a value before it is read: ident), "drop",
                 "param NAME N" (set a numeric fault switch from now on)
Values longer than MTU - 3 are refused both ways, as a real ATT bearer would.
'''

# Written for the iso18013 crate (MIT OR Apache-2.0). It uses python-dbusmock at test time.

import ctypes
import os
import socket
import sys
import traceback
from xml.etree import ElementTree

import dbus

from dbusmock import OBJECT_MANAGER_IFACE, mockobject
from dbusmock.templates import bluez5

BUS_NAME = bluez5.BUS_NAME
MAIN_OBJ = bluez5.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

ADAPTER_IFACE = 'org.bluez.Adapter1'
DEVICE_IFACE = 'org.bluez.Device1'
SERVICE_IFACE = 'org.bluez.GattService1'
CHAR_IFACE = 'org.bluez.GattCharacteristic1'
DESC_IFACE = 'org.bluez.GattDescriptor1'

BASE = '-a123-48ce-896b-4c76973373e6'
CCCD_UUID = '00002902-0000-1000-8000-00805f9b34fb'

# Keep the stock template's Mock methods (AddAdapter, AddDevice, ...) on '/'.
AddAdapter = bluez5.AddAdapter
RemoveAdapter = bluez5.RemoveAdapter
AddDevice = bluez5.AddDevice
PairDevice = bluez5.PairDevice

_glib = ctypes.cdll.LoadLibrary('libglib-2.0.so.0')
_SOURCE_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_glib.g_timeout_add.argtypes = [ctypes.c_uint, _SOURCE_FUNC, ctypes.c_void_p]
_glib.g_timeout_add.restype = ctypes.c_uint
_pending = []


def later(ms, fn):
    '''Run fn once on dbusmock's GLib loop after ms milliseconds (no PyGObject needed).'''
    holder = []

    def tramp(_data):
        try:
            fn()
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc(file=sys.stderr)
        _pending.remove(holder[0])
        return 0

    cb = _SOURCE_FUNC(tramp)
    holder.append(cb)
    _pending.append(cb)
    _glib.g_timeout_add(ms, cb, None)


def every(ms, fn):
    '''Run fn on dbusmock's GLib loop every ms milliseconds, for good.'''
    def tramp(_data):
        try:
            fn()
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc(file=sys.stderr)
        return 1

    cb = _SOURCE_FUNC(tramp)
    _pending.append(cb)
    _glib.g_timeout_add(ms, cb, None)


class Relay:
    '''The test process's end of the peer: a Unix socket, polled on the GLib loop.'''

    def __init__(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(1)
        self.server.setblocking(False)
        self.conn = None
        self.inbuf = b''
        self.outbox = []

    def send(self, line):
        if self.conn is None:
            self.outbox.append(line)
            return
        try:
            self.conn.sendall((line + '\n').encode())
        except OSError:
            self.conn = None

    def poll(self):
        if self.conn is None:
            try:
                conn, _ = self.server.accept()
            except BlockingIOError:
                return
            conn.setblocking(False)
            self.conn = conn
            for line in self.outbox:
                self.conn.sendall((line + '\n').encode())
            self.outbox = []
        while True:
            try:
                data = self.conn.recv(65536)
            except BlockingIOError:
                break
            if not data:
                self.conn = None
                break
            self.inbuf += data
        while b'\n' in self.inbuf:
            line, self.inbuf = self.inbuf.split(b'\n', 1)
            PEER.on_relay(line.decode().split())


class OrderedObject(mockobject.DBusMockObject):
    '''A mock object whose introspection lists every <interface> before the child <node>s,
    as bluetoothd does (bluez-async's parser rejects interfaces after nodes).'''

    @dbus.service.method(dbus.INTROSPECTABLE_IFACE, in_signature='', out_signature='s',
                         path_keyword='object_path', connection_keyword='connection')
    def Introspect(self, object_path, connection):
        xml = mockobject.DBusMockObject.Introspect(self, object_path, connection)
        tree = ElementTree.fromstring(xml)
        nodes = [child for child in tree if child.tag == 'node']
        for node in nodes:
            tree.remove(node)
            tree.append(node)
        return ElementTree.tostring(tree, encoding='unicode', method='xml')


def v(value):
    '''Mark a property value as a variant.'''
    value.variant_level = 1
    return value


def ay(data):
    return dbus.Array([dbus.Byte(b) for b in data], signature='y', variant_level=1)


def new_object(path, iface, props, methods):
    root = mockobject.objects['/']
    obj = OrderedObject(root.bus_name, path, iface, props)
    obj.logfile = root.logfile
    obj.is_logfile_owner = False
    obj.object_manager = root
    obj.AddMethods(iface, methods)
    mockobject.objects[path] = obj
    return obj


class Peer:
    '''State of the one fake peer.'''

    def __init__(self, params):
        self.p = params
        self.service_uuid = str(params.get('service_uuid', '0000fff0-0000-1000-8000-00805f9b34fb')).lower()
        self.mode = params.get('mode', 'peripheral')
        self.mtu = params.get('mtu', 185)
        self.address = params.get('address', 'AA:BB:CC:DD:EE:01')
        self.adapter_path = '/org/bluez/hci0'
        self.path = self.adapter_path + '/dev_' + self.address.replace(':', '_').upper()
        self.device = None
        self.exported = False
        self.connected = False
        self.inbox = bytearray()
        self.c2s_writes = 0
        self.s2c_sent = 0
        self.chars = {}
        self.relay = None
        self.values = {}

    def uuid(self, n):
        return f'{n:08x}' + BASE

    def chunk_data(self):
        mtu = self.mtu if self.mtu else 23
        return max(1, mtu - 4)

    # -- device ------------------------------------------------------------
    def add_device(self):
        if self.device is not None:
            return
        props = {
            'Address': dbus.String(self.address, variant_level=1),
            'AddressType': dbus.String('random', variant_level=1),
            'Name': dbus.String('fake mdoc', variant_level=1),
            'Alias': dbus.String('fake mdoc', variant_level=1),
            'Adapter': dbus.ObjectPath(self.adapter_path, variant_level=1),
            'UUIDs': dbus.Array([self.service_uuid], signature='s', variant_level=1),
            'Paired': dbus.Boolean(False, variant_level=1),
            'Bonded': dbus.Boolean(False, variant_level=1),
            'Connected': dbus.Boolean(False, variant_level=1),
            'Trusted': dbus.Boolean(False, variant_level=1),
            'Blocked': dbus.Boolean(False, variant_level=1),
            'LegacyPairing': dbus.Boolean(False, variant_level=1),
            'ServicesResolved': dbus.Boolean(False, variant_level=1),
            'RSSI': dbus.Int16(-60, variant_level=1),
        }
        self.device = new_object(self.path, DEVICE_IFACE, props, [
            ('Connect', '', '', dev_connect),
            ('Disconnect', '', '', dev_disconnect),
            ('ConnectProfile', 's', '', ''),
            ('DisconnectProfile', 's', '', ''),
            ('Pair', '', '', ''),
            ('CancelPairing', '', '', ''),
        ])
        mockobject.objects['/'].EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesAdded', 'oa{sa{sv}}', [
            dbus.ObjectPath(self.path), {DEVICE_IFACE: props}])

    def set_device(self, changed):
        for name, value in changed.items():
            self.device.props[DEVICE_IFACE][name] = value
        self.device.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [
            DEVICE_IFACE, dbus.Dictionary(changed, signature='sv'), dbus.Array([], signature='s')])

    def drop_link(self):
        if not self.connected:
            return
        self.connected = False
        if self.relay is not None:
            self.relay.send('disconnected')
        self.set_device({'Connected': dbus.Boolean(False, variant_level=1),
                         'ServicesResolved': dbus.Boolean(False, variant_level=1)})

    # -- GATT --------------------------------------------------------------
    def export_gatt(self):
        if self.exported:
            return
        self.exported = True
        spath = self.path + '/service000a'
        new_object(spath, SERVICE_IFACE, {
            'UUID': dbus.String(self.service_uuid, variant_level=1),
            'Primary': dbus.Boolean(True, variant_level=1),
            'Device': dbus.ObjectPath(self.path, variant_level=1),
            'Includes': dbus.Array([], signature='o', variant_level=1),
        }, [])
        if self.mode == 'central':
            layout = [('state', 5, ['notify', 'write-without-response']),
                      ('c2s', 6, ['write-without-response']),
                      ('s2c', 7, ['notify']),
                      ('ident', 8, ['read'])]
        else:
            layout = [('state', 1, ['notify', 'write-without-response']),
                      ('c2s', 2, ['write-without-response']),
                      ('s2c', 3, ['notify'])]
        handle = 0x0b
        omit = self.p.get('omit', [])
        for role, n, flags in layout:
            if role in omit:
                handle += 3
                continue
            cpath = f'{spath}/char{handle:04x}'
            value = self.values.get(role, b'')
            if role == 'ident' and role not in self.values:
                value = bytes.fromhex(self.p.get('ident', '00' * 16))
            props = {
                'UUID': dbus.String(self.uuid(n), variant_level=1),
                'Service': dbus.ObjectPath(spath, variant_level=1),
                'Value': ay(value),
                'Notifying': dbus.Boolean(False, variant_level=1),
                'Flags': dbus.Array(flags, signature='s', variant_level=1),
            }
            if self.mtu:
                props['MTU'] = dbus.UInt16(self.mtu, variant_level=1)
            obj = new_object(cpath, CHAR_IFACE, props, [
                ('ReadValue', 'a{sv}', 'ay', char_read),
                ('WriteValue', 'aya{sv}', '', char_write),
                ('StartNotify', '', '', char_start_notify),
                ('StopNotify', '', '', char_stop_notify),
            ])
            obj.role = role
            obj.flags = flags
            self.chars[role] = obj
            handle += 1
            if 'notify' in flags:
                dpath = f'{cpath}/desc{handle:04x}'
                new_object(dpath, DESC_IFACE, {
                    'UUID': dbus.String(CCCD_UUID, variant_level=1),
                    'Characteristic': dbus.ObjectPath(cpath, variant_level=1),
                    'Value': ay(b''),
                    'Flags': dbus.Array(['read', 'write'], signature='s', variant_level=1),
                }, [
                    ('ReadValue', 'a{sv}', 'ay', desc_read),
                    ('WriteValue', 'aya{sv}', '', ''),
                ])
                handle += 1
            handle += 1

    def notify(self, role, data):
        obj = self.chars.get(role)
        if obj is None or not self.connected:
            return
        value = ay(data)
        obj.props[CHAR_IFACE]['Value'] = value
        if not obj.props[CHAR_IFACE]['Notifying']:
            return
        obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [
            CHAR_IFACE, dbus.Dictionary({'Value': value}, signature='sv'), dbus.Array([], signature='s')])

    def max_value(self):
        return (self.mtu if self.mtu else 23) - 3

    def notify_s2c(self, chunk):
        '''One Server2Client value, through the fault switches.'''
        self.s2c_sent += 1
        drop = self.p.get('drop_notification')
        dup = self.p.get('duplicate_notification')
        cut = self.p.get('disconnect_after_notifications')
        if cut is not None and self.s2c_sent > int(cut):
            self.drop_link()
            return
        if drop is not None and self.s2c_sent == int(drop):
            return
        self.notify('s2c', chunk)
        if dup is not None and self.s2c_sent == int(dup):
            self.notify('s2c', chunk)

    def on_relay(self, words):
        '''A line from the test process.'''
        if words[0] == 'drop':
            self.drop_link()
            return
        if words[0] == 'param':
            self.p[words[1]] = int(words[2])
            return
        kind, role = words[0], words[1]
        data = bytes.fromhex(words[2]) if len(words) > 2 else b''
        if kind == 'value':
            self.values[role] = data
            if role in self.chars:
                self.chars[role].props[CHAR_IFACE]['Value'] = ay(data)
        elif kind == 'notify':
            if len(data) > self.max_value():
                print(f'relay: {len(data)}-byte value refused at MTU {self.mtu}', file=sys.stderr)
            elif role == 's2c':
                self.notify_s2c(data)
            else:
                self.notify(role, data)

    def send_message(self, message):
        '''Send one message on Server2Client, chunked to the MTU, with the fault switches.'''
        step = self.chunk_data()
        chunks = []
        pos = 0
        while True:
            part = message[pos:pos + step]
            pos += step
            last = pos >= len(message)
            chunks.append(bytes([0x00 if last else 0x01]) + bytes(part))
            if last:
                break
        for chunk in chunks:
            self.notify_s2c(chunk)

    def on_c2s(self, data):
        self.c2s_writes += 1
        limit = self.p.get('disconnect_after_writes')
        if limit is not None and self.c2s_writes >= int(limit):
            later(10, self.drop_link)
            return
        if self.relay is not None:
            self.relay.send('write c2s ' + bytes(data).hex())
            return
        if not data:
            return
        self.inbox += bytes(data[1:])
        if data[0] == 0x00:
            message = bytes(self.inbox)
            self.inbox = bytearray()
            if self.p.get('peer', 'echo') == 'echo':
                later(1, lambda: self.send_message(message))


PEER = None


def dev_connect(device):
    if PEER.p.get('connect_fails'):
        raise dbus.exceptions.DBusException('le-connection-abort-by-local', name='org.bluez.Error.Failed')
    if PEER.connected:
        raise dbus.exceptions.DBusException('Already Connected', name='org.bluez.Error.AlreadyConnected')
    PEER.connected = True
    device.connected = True
    PEER.set_device({'Connected': dbus.Boolean(True, variant_level=1)})
    if PEER.relay is not None:
        PEER.relay.send('connected')

    def resolve():
        PEER.export_gatt()
        if not PEER.p.get('never_resolve'):
            PEER.set_device({'ServicesResolved': dbus.Boolean(True, variant_level=1)})

    later(20, resolve)


def dev_disconnect(device):
    device.connected = False
    PEER.drop_link()


def char_read(char, _options):
    if 'read' not in char.flags:
        raise dbus.exceptions.DBusException('Read not permitted', name='org.bluez.Error.NotPermitted')
    return dbus.Array(char.props[CHAR_IFACE]['Value'], signature='y')


def char_write(char, value, options):
    kind = str(options.get('type', 'request'))
    allowed = {'command': 'write-without-response', 'request': 'write', 'reliable': 'reliable-write'}
    if allowed.get(kind) not in char.flags:
        raise dbus.exceptions.DBusException(f'Write type {kind} not permitted',
                                            name='org.bluez.Error.NotPermitted')
    if not PEER.connected:
        raise dbus.exceptions.DBusException('Not connected', name='org.bluez.Error.Failed')
    data = bytes(value)
    if len(data) > PEER.max_value():
        raise dbus.exceptions.DBusException(f'{len(data)} bytes at MTU {PEER.mtu}',
                                            name='org.bluez.Error.InvalidValueLength')
    char.props[CHAR_IFACE]['Value'] = ay(data)
    if char.role == 'c2s':
        PEER.on_c2s(data)
    elif char.role == 'state' and PEER.relay is not None:
        PEER.relay.send('write state ' + data.hex())


def set_notifying(char, on):
    char.props[CHAR_IFACE]['Notifying'] = dbus.Boolean(on, variant_level=1)
    char.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [
        CHAR_IFACE, dbus.Dictionary({'Notifying': dbus.Boolean(on, variant_level=1)}, signature='sv'),
        dbus.Array([], signature='s')])


def char_start_notify(char):
    if 'notify' not in char.flags:
        raise dbus.exceptions.DBusException('Notify not supported', name='org.bluez.Error.NotSupported')
    set_notifying(char, True)


def char_stop_notify(char):
    set_notifying(char, False)


def desc_read(desc, _options):
    return dbus.Array(desc.props[DESC_IFACE]['Value'], signature='y')


def set_discovering(adapter, on):
    adapter.props[ADAPTER_IFACE]['Discovering'] = dbus.Boolean(on, variant_level=1)
    adapter.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [
        ADAPTER_IFACE, dbus.Dictionary({'Discovering': dbus.Boolean(on, variant_level=1)}, signature='sv'),
        dbus.Array([], signature='s')])


def adapter_start_discovery(adapter):
    if not adapter.props[ADAPTER_IFACE]['Powered']:
        raise dbus.exceptions.DBusException('Resource Not Ready', name='org.bluez.Error.NotReady')
    set_discovering(adapter, True)
    later(20, PEER.add_device)


def adapter_stop_discovery(adapter):
    set_discovering(adapter, False)


def adapter_set_discovery_filter(adapter, discovery_filter):
    adapter.discovery_filter = discovery_filter


def load(mock, parameters):
    global PEER  # pylint: disable=global-statement
    # dbusmock's __main__ registers '/' only after load(); the stock AddAdapter needs it now.
    mockobject.objects['/'] = mock
    bluez5.load(mock, parameters)
    PEER = Peer(dict(parameters))
    if PEER.p.get('peer') == 'relay':
        PEER.relay = Relay(PEER.p['relay'])
        every(2, PEER.relay.poll)
    path = bluez5.AddAdapter(mock, 'hci0', 'fake-bluez')
    adapter = mockobject.objects[path]
    adapter.props[ADAPTER_IFACE]['Powered'] = dbus.Boolean(False, variant_level=1)
    adapter.AddMethods(ADAPTER_IFACE, [
        ('StartDiscovery', '', '', adapter_start_discovery),
        ('StopDiscovery', '', '', adapter_stop_discovery),
        ('SetDiscoveryFilter', 'a{sv}', '', adapter_set_discovery_filter),
    ])
