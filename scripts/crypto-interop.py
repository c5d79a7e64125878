#!/usr/bin/env python3
"""Signs and verifies with the Python `cryptography` package, so Lango's tests can check
LangoCrypto against an implementation that is not ours.

Reads one command per line on stdin; every value is unpadded base64url:
  verify ES256 <x> <y> <message> <signature>   -> "valid" or "invalid"
  verify PS256 <n> <e> <message> <signature>   -> "valid" or "invalid"
  sign ES256 <message>   -> "<x> <y> <signature>" from a fresh P-256 key
  sign PS256 <message>   -> "<n> <e> <signature>" from a fresh 2048-bit RSA key
  seal <key> <plaintext> <associated data>   -> "<nonce ‖ ciphertext ‖ tag>" (AES-256-GCM)
  open <key> <sealed> <associated data>      -> "<plaintext>" or "invalid"
Empty values are written as "-".
"""
import base64
import os
import sys

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def decode(text):
    if text == "-":
        return b""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode() or "-"


def number(data):
    return int.from_bytes(data, "big")


def unsigned(value, width=None):
    return value.to_bytes(width or (value.bit_length() + 7) // 8, "big")


def pss():
    # RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
    return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def verify(algorithm, first, second, message, signature):
    try:
        if algorithm == "ES256":
            key = ec.EllipticCurvePublicNumbers(number(first), number(second), ec.SECP256R1()).public_key()
            if len(signature) != 64:
                return "invalid"
            der = utils.encode_dss_signature(number(signature[:32]), number(signature[32:]))
            key.verify(der, message, ec.ECDSA(hashes.SHA256()))
        else:
            key = rsa.RSAPublicNumbers(number(second), number(first)).public_key()
            key.verify(signature, message, pss(), hashes.SHA256())
        return "valid"
    except InvalidSignature:
        return "invalid"


def sign(algorithm, message):
    if algorithm == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
        r, s = utils.decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
        numbers = key.public_key().public_numbers()
        return [unsigned(numbers.x, 32), unsigned(numbers.y, 32), unsigned(r, 32) + unsigned(s, 32)]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    return [unsigned(numbers.n), unsigned(numbers.e), key.sign(message, pss(), hashes.SHA256())]


for line in sys.stdin:
    fields = line.split()
    if not fields:
        continue
    if fields[0] == "verify":
        print(verify(fields[1], *(decode(field) for field in fields[2:6])))
    elif fields[0] == "sign":
        print(" ".join(encode(part) for part in sign(fields[1], decode(fields[2]))))
    elif fields[0] == "seal":
        key, plaintext, associated = (decode(field) for field in fields[1:4])
        nonce = os.urandom(12)
        print(encode(nonce + AESGCM(key).encrypt(nonce, plaintext, associated or None)))
    elif fields[0] == "open":
        key, sealed, associated = (decode(field) for field in fields[1:4])
        try:
            print(encode(AESGCM(key).decrypt(sealed[:12], sealed[12:], associated or None)))
        except InvalidTag:
            print("invalid")
    else:
        sys.exit(f"crypto-interop: unknown command {fields[0]!r}")
    sys.stdout.flush()
