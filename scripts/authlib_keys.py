"""Key generation shared by the authlib-based test scripts (jose-interop.py, oauth-client.py)."""
from authlib.jose import JsonWebKey


def generate_key(algorithm):
    """A fresh private key for ES256 (P-256) or PS256 (RSA, 2048 bits), as an authlib key.

    authlib writes EC coordinates without their leading zero bytes, where RFC 7518 §6.2.1.2
    requires the full 32; about one P-256 key in 128 is affected, and its authlib thumbprint
    then differs from every conforming one. Such keys are drawn again so the tests compare
    Lango with authlib on keys both encode as the RFC says."""
    if algorithm != "ES256":
        return JsonWebKey.generate_key("RSA", 2048, is_private=True)
    while True:
        key = JsonWebKey.generate_key("EC", "P-256", is_private=True)
        numbers = key.get_public_key().public_numbers()
        if numbers.x.bit_length() > 248 and numbers.y.bit_length() > 248:
            return key
