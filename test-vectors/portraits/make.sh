#!/bin/sh
# Makes the portrait test images (see README.md). Needs ImageMagick 6 (convert), exiftool
# (libimage-exiftool-perl), openjpeg-tools (opj_compress) and Debian's libgs-common (an
# sRGB ICC profile). Run from this directory; the images are committed, so this is only
# needed to make them again (the bytes differ by tool version, the structure does not).
set -eu
ICC=/usr/share/color/icc/ghostscript/ps_rgb.icc

# 1. A clean portrait-sized JPEG: a colour gradient with a face-like ellipse, no metadata
#    but the JFIF header.
convert -size 96x120 gradient:'#406080'-'#d0b090' \
  -fill '#e0b8a0' -draw 'ellipse 48,56 26,34 0,360' \
  -fill '#303030' -draw 'circle 38,50 41,50' -draw 'circle 58,50 61,50' \
  -quality 85 -sampling-factor 2x2 -strip clean.jpg

# 2. The same image as a citizen's phone upload: EXIF (camera, date, GPS position, a
#    thumbnail in IFD1), XMP, IPTC, an ICC profile and a comment, all written by exiftool.
convert clean.jpg -resize 24x30 -strip thumb.tmp.jpg
cp clean.jpg with-metadata.jpg
exiftool -q -overwrite_original \
  -EXIF:Make=ExampleCam -EXIF:Model='Phone 12' -EXIF:DateTimeOriginal='2026:05:01 10:20:30' \
  -EXIF:GPSLatitude=48.8583 -EXIF:GPSLatitudeRef=N \
  -EXIF:GPSLongitude=2.2945 -EXIF:GPSLongitudeRef=E \
  -EXIF:GPSAltitude=35 -EXIF:GPSAltitudeRef=0 \
  '-ThumbnailImage<=thumb.tmp.jpg' \
  -XMP-dc:Creator='Jane Citizen' -XMP-dc:Description='passport photo upload' \
  -IPTC:By-line='Jane Citizen' -IPTC:City=Paris -IPTC:Keywords=passport \
  "-ICC_Profile<=$ICC" \
  -Comment='uploaded from a phone' \
  with-metadata.jpg
rm thumb.tmp.jpg

# 3. A CMYK JPEG (ImageMagick writes the Adobe APP14 colour-transform segment) with a
#    comment: the comment goes, APP14 stays.
convert clean.jpg -colorspace CMYK -quality 85 -strip cmyk-adobe.jpg
exiftool -q -overwrite_original -Comment='scanned' cmyk-adobe.jpg

# 4. A progressive JPEG with EXIF GPS.
convert clean.jpg -interlace Plane -quality 85 -strip progressive.jpg
exiftool -q -overwrite_original -EXIF:GPSLatitude=1.5 -EXIF:GPSLatitudeRef=S progressive.jpg

# 5. JPEG 2000: the same image as JP2 (opj_compress writes a comment marker in the main
#    header), an XML box, then XMP and EXIF with GPS (as uuid boxes) and an ICC profile (a
#    `colr` box of method 2 in place of the enumerated sRGB one) written by exiftool.
convert clean.jpg clean.tmp.ppm
opj_compress -i clean.tmp.ppm -o clean.tmp.jp2 -r 10 >/dev/null
python3 - <<'PY'
# Appends an `xml ` box (ISO/IEC 15444-1 I.7.1) to the JP2 file.
import struct
data = open("clean.tmp.jp2", "rb").read()
xml = b'<?xml version="1.0"?><capture><device>ExampleCam</device><where>48.8583,2.2945</where></capture>'
open("with-metadata.jp2", "wb").write(data + struct.pack(">I", 8 + len(xml)) + b"xml " + xml)
PY
exiftool -q -overwrite_original \
  -XMP-dc:Creator='Jane Citizen' \
  -EXIF:GPSLatitude=48.8583 -EXIF:GPSLatitudeRef=N -EXIF:Make=ExampleCam \
  "-ICC_Profile<=$ICC" \
  with-metadata.jp2
# A raw codestream (J2K) with opj_compress's comment.
opj_compress -i clean.tmp.ppm -o portrait.j2k -r 10 >/dev/null
rm clean.tmp.ppm clean.tmp.jp2

# 7. The benchmarks' portrait: about 4000 bytes, no metadata (a noisy gradient; the noise
#    is random, so each run gives other bytes of about the same size).
convert -size 120x150 gradient:'#406080'-'#d0b090' -fill '#e0b8a0' \
  -draw 'ellipse 60,70 32,42 0,360' -fill '#303030' \
  -draw 'circle 48,62 52,62' -draw 'circle 72,62 76,62' \
  -attenuate 0.4 +noise Gaussian -quality 83 -strip bench-portrait.jpg
