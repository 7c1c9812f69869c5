#!/bin/sh
# Run once by the postgres image when the primary's data folder is created: lets the replica
# (docker-compose.national.yml) stream from it with the portal's database password.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
