"""Key generation shared by the authlib-based test scripts (jose-interop.py, oauth-client.py)."""
from authlib.jose import JsonWebKey


def generate_key(algorithm):
    """A fresh private key for ES256 (P-256) or PS256 (RSA, 2048 bits), as an authlib key."""
    if algorithm == "ES256":
        return JsonWebKey.generate_key("EC", "P-256", is_private=True)
    return JsonWebKey.generate_key("RSA", 2048, is_private=True)
