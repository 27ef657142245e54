#!/usr/bin/env bash
# Makes the cluster's certificate authority and the certificates its members and direct clients present (mutual TLS
# between silos beyond loopback): DIR/authority.pem, DIR/silo.pfx (every silo and the gateway), DIR/client.pfx.
#   scripts/make-certs.sh [DIR]   (default ./certs; keep authority.key out of the images and out of git)
set -euo pipefail
dir=${1:-certs}
mkdir -p "$dir"
cd "$dir"
days=825
openssl req -x509 -newkey rsa:3072 -nodes -keyout authority.key -out authority.pem -days 3650 -subj "/CN=TicketBoss cluster authority" 2>/dev/null
for who in silo client; do
  openssl req -newkey rsa:3072 -nodes -keyout "$who.key" -out "$who.csr" -subj "/CN=ticketboss-$who" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' > "$who.ext"
  openssl x509 -req -in "$who.csr" -CA authority.pem -CAkey authority.key -CAcreateserial -out "$who.pem" -days "$days" -extfile "$who.ext" 2>/dev/null
  openssl pkcs12 -export -in "$who.pem" -inkey "$who.key" -out "$who.pfx" -passout pass: 2>/dev/null
  rm -f "$who.csr" "$who.ext" "$who.key"
done
chmod 644 ./*.pfx ./*.pem
echo "certificates in $PWD: authority.pem, silo.pfx, client.pfx (authority.key signs more; keep it private)"
