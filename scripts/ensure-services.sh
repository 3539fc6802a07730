#!/usr/bin/env bash
# Make sure the PostgreSQL, Redis and RabbitMQ the tests use are up (started with the commands below if down).
# Starts them when installed but down; installs the Debian packages when missing (root only).
# Exits non-zero when they still cannot be reached: the suite must fail, not skip.
set -u
PG_HOST=${TEST_PG_HOST:-127.0.0.1}
REDIS_HOST=${TEST_REDIS_HOST:-127.0.0.1}
RABBITMQ_HOST=${TEST_RABBITMQ_HOST:-127.0.0.1}

pg_up() { pg_isready -q -h "$PG_HOST" -p 5432 2>/dev/null || python3 - <<PY 2>/dev/null
import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(("$PG_HOST",5432)))
PY
}
redis_up() { python3 - <<PY 2>/dev/null
import socket,sys
s=socket.create_connection(("$REDIS_HOST",6379),timeout=1); s.sendall(b"PING\r\n"); sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
PY
}
# The AMQP handshake's first bytes: a listening RabbitMQ answers a protocol header with "AMQP" or Connection.Start.
rabbitmq_up() { python3 - <<PY 2>/dev/null
import socket,sys
s=socket.create_connection(("$RABBITMQ_HOST",5672),timeout=2); s.sendall(b"AMQP\x00\x00\x09\x01"); sys.exit(0 if s.recv(8) else 1)
PY
}

install_if_missing() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1 \
      || ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "[services] installing postgresql, redis-server and rabbitmq-server from Debian packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server \
        rabbitmq-server >/dev/null
    fi
  fi
}

if ! pg_up; then
  install_if_missing
  echo "[services] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>&1 || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  # Debian's default cluster uses peer auth; the tests connect as postgres over TCP with trust.
  if pg_up && ! psql -h "$PG_HOST" -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
    echo "[services] PostgreSQL is up but refuses user postgres over TCP; configure trust auth for 127.0.0.1" >&2
  fi
  if pg_up && ! psql -h "$PG_HOST" -U postgres -d test -tAc "select 1" >/dev/null 2>&1; then
    psql -h "$PG_HOST" -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null 2>&1 || true
  fi
fi
if ! redis_up; then
  install_if_missing
  echo "[services] starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi
if ! rabbitmq_up; then
  install_if_missing
  echo "[services] starting RabbitMQ"
  rabbitmq-server -detached 2>&1 || true
  # The Erlang node takes a while to boot; `rabbitmqctl await_startup` waits for it properly.
  timeout 120 rabbitmqctl -q await_startup >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do rabbitmq_up && break; sleep 1; done
fi

status=0
pg_up || { echo "[services] PostgreSQL unreachable at $PG_HOST:5432" >&2; status=1; }
redis_up || { echo "[services] Redis unreachable at $REDIS_HOST:6379" >&2; status=1; }
rabbitmq_up || { echo "[services] RabbitMQ unreachable at $RABBITMQ_HOST:5672" >&2; status=1; }
[ $status = 0 ] && echo "[services] PostgreSQL, Redis and RabbitMQ are up"
exit $status
