#!/usr/bin/env bash
# Creates what docker-compose.yml needs and never commits, from the repository root:
#   - .local/compose-secrets/: a CA and a certificate for the `nats` host (NATS client TLS)
#   - .env: AUTH_JWT_SECRET, POSTGRES_PASSWORD and one password per NATS user (deploy/nats/auth.conf)
# Values already in .env are kept, so running it again only fills what is missing. Rotation: see
# docs/operations.md ("Secrets").
set -euo pipefail
cd "$(dirname "$0")/../.."
umask 077
dir=.local/compose-secrets
mkdir -p "$dir"
if [ ! -f "$dir/nats-ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -subj "/CN=artifact-register compose CA" \
    -keyout "$dir/nats-ca.key" -out "$dir/nats-ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=nats" \
    -keyout "$dir/nats.key" -out "$dir/nats.csr" 2>/dev/null
  printf 'subjectAltName=DNS:nats,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/nats.ext"
  openssl x509 -req -in "$dir/nats.csr" -CA "$dir/nats-ca.crt" -CAkey "$dir/nats-ca.key" -CAcreateserial \
    -days 825 -extfile "$dir/nats.ext" -out "$dir/nats.crt" 2>/dev/null
  rm -f "$dir/nats.csr" "$dir/nats.ext"
  # The containers run as other users (nats, node): they read these through compose secrets.
  chmod 0644 "$dir"/nats.crt "$dir"/nats-ca.crt "$dir"/nats.key
  echo "created $dir (NATS CA and server certificate)"
fi
touch .env
for key in AUTH_JWT_SECRET POSTGRES_PASSWORD NATS_COMMAND_PASSWORD NATS_PROJECTION_PASSWORD NATS_SUBSCRIBER_PASSWORD NATS_ADMIN_PASSWORD; do
  if ! grep -q "^$key=." .env; then
    # A leading letter: nats-server would read a value that looks like a number or a date as one.
    echo "$key=p$(openssl rand -hex 24)" >>.env
    echo "added $key to .env"
  fi
done
