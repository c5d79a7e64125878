#!/usr/bin/env python3
"""Writes the certificates Lango's mutual TLS tests use, with the Python `cryptography`
package, into the directory named by the one argument. Nothing here is for real use.

  ca.pem                         a test CA
  server.pem, server-key.pem     a server certificate from it, for 127.0.0.1 and localhost
  client.pem, client-key.pem     a client certificate from it (the gateway's, or a partner's)
  client2.pem, client2-key.pem   another client certificate from it
  stranger-ca.pem                another CA
  stranger.pem, stranger-key.pem a client certificate from the other CA
  not-pem.pem                    a file that holds no certificate

Keys are P-256, unencrypted PEM (PKCS#8). Certificates are valid from an hour ago for a day.
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(subject, key, issuer, issuer_key, *, ca=False, usage=None, names=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def write(directory, file, data):
    with open(os.path.join(directory, file), "wb") as handle:
        handle.write(data)


def write_pair(directory, stem, cert, key):
    write(directory, stem + ".pem", cert.public_bytes(serialization.Encoding.PEM))
    write(directory, stem + "-key.pem", key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test-certificates.py DIRECTORY")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate("Lango Test CA", ca_key, "Lango Test CA", ca_key, ca=True)
    write(directory, "ca.pem", ca.public_bytes(serialization.Encoding.PEM))

    server_key = ec.generate_private_key(ec.SECP256R1())
    server = certificate(
        "core.test", server_key, "Lango Test CA", ca_key, usage=ExtendedKeyUsageOID.SERVER_AUTH,
        names=[x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    write_pair(directory, "server", server, server_key)

    client_key = ec.generate_private_key(ec.SECP256R1())
    client = certificate("lango-gateway", client_key, "Lango Test CA", ca_key, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    write_pair(directory, "client", client, client_key)
    client2_key = ec.generate_private_key(ec.SECP256R1())
    client2 = certificate("another-partner", client2_key, "Lango Test CA", ca_key, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    write_pair(directory, "client2", client2, client2_key)

    stranger_ca_key = ec.generate_private_key(ec.SECP256R1())
    stranger_ca = certificate("Stranger CA", stranger_ca_key, "Stranger CA", stranger_ca_key, ca=True)
    write(directory, "stranger-ca.pem", stranger_ca.public_bytes(serialization.Encoding.PEM))
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    stranger = certificate("stranger", stranger_key, "Stranger CA", stranger_ca_key, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    write_pair(directory, "stranger", stranger, stranger_key)

    write(directory, "not-pem.pem", b"this is not a certificate\n")
    print("ok")


if __name__ == "__main__":
    main()
