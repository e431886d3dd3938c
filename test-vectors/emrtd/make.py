#!/usr/bin/env python3
"""Builds the eMRTD data group samples of this directory (see README.md).

Run from this directory: python3 make.py. Standard library only. The face image is
../portraits/clean.jpg; the fingerprint and iris images are tiny synthetic grey squares.
"""
import struct


def length(n):
    """A BER definite length (short form below 128, else 0x81..0x84 and big-endian bytes)."""
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, value):
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
    return tag_bytes + length(len(value)) + value


def header(biometric_type, subtype, format_type):
    """A biometric header template (A1): ICAO header version 1.1, type, subtype, format
    owner 0x0101 (ISO/IEC JTC 1/SC 37) and format type."""
    body = tlv(0x80, b"\x01\x01") + tlv(0x81, bytes([biometric_type]))
    if subtype is not None:
        body += tlv(0x82, bytes([subtype]))
    body += tlv(0x87, b"\x01\x01") + tlv(0x88, struct.pack(">H", format_type))
    return tlv(0xA1, body)


def group(templates):
    """A biometric information group template (7F61): count, then the 7F60 templates."""
    body = tlv(0x02, bytes([len(templates)]))
    for bht, bdb in templates:
        body += tlv(0x7F60, bht + tlv(0x5F2E, bdb))
    return tlv(0x7F61, body)


def face_record(image, width, height):
    """An ISO/IEC 19794-5:2005 face record with one JPEG image, no feature points."""
    facial_information = struct.pack(
        ">IHBBB3sH3s3s",
        20 + 12 + len(image),  # facial record data length
        0,  # feature points
        0, 0, 0,  # gender, eye colour, hair colour: unspecified
        b"\0\0\0",  # feature mask
        0,  # expression
        b"\0\0\0",  # pose angles
        b"\0\0\0",  # their uncertainty
    )
    image_information = struct.pack(
        ">BBHHBBHH",
        1,  # face image type: full frontal
        0,  # image data type: JPEG
        width, height,
        1,  # colour space: 24-bit RGB
        2,  # source type: digital still camera
        0, 0,  # device type, quality
    )
    body = facial_information + image_information + image
    return b"FAC\0" + b"010\0" + struct.pack(">IH", 14 + len(body), 1) + body


def finger_record(position, side=8):
    """An ISO/IEC 19794-4:2005 finger image record with one uncompressed grey image."""
    image = bytes((x * 16 + y * 8) & 0xFF for y in range(side) for x in range(side))
    finger = struct.pack(">IBBBBBHHB", 14 + len(image), position, 1, 1, 100, 0, side, side, 0) + image
    general = (
        b"FIR\0" + b"010\0"
        + (32 + len(finger)).to_bytes(6, "big")
        + struct.pack(">HHBBHHHHBBH", 0, 31, 1, 1, 500, 500, 500, 500, 8, 0, 0)
    )
    return general + finger


def iris_record(side=8):
    """An ISO/IEC 19794-6:2005-shaped iris record: the format identifier and version, a
    record length, then a tiny grey image (only the data group structure is checked)."""
    image = bytes((x * y) & 0xFF for y in range(side) for x in range(side))
    return b"IIR\0" + b"010\0" + struct.pack(">I", 12 + len(image)) + image


jpeg = open("../portraits/clean.jpg", "rb").read()
face = group([(header(0x02, None, 0x0008), face_record(jpeg, 96, 120))])
fingers = group([
    (header(0x08, 0x05, 0x0007), finger_record(2)),  # right index finger
    (header(0x08, 0x06, 0x0007), finger_record(7)),  # left index finger
])
iris = group([(header(0x10, 0x01, 0x0009), iris_record())])

open("dg2.bin", "wb").write(tlv(0x75, face))
open("dg3.bin", "wb").write(tlv(0x63, fingers))
open("dg4.bin", "wb").write(tlv(0x76, iris))
# The mDL's biometric_template_face: the group template without the DG tag, the data
# block holding the JPEG itself (ISO/IEC 18013-5 13.4.7).
open("biometric_template_face.bin", "wb").write(group([(header(0x02, None, 0x0008), jpeg)]))
# A structural SOD: tag 77 around a CMS ContentInfo whose content is an empty
# placeholder (OID id-signedData, [0] { SEQUENCE {} }). Not signed: only the outer TLV
# structure is what the check reads.
signed_data_oid = tlv(0x06, bytes.fromhex("2a864886f70d010702"))
open("sod-structure.bin", "wb").write(tlv(0x77, tlv(0x30, signed_data_oid + tlv(0xA0, tlv(0x30, b"")))))
