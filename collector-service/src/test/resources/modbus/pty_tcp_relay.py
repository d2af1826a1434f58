"""A virtual serial port for tests: opens a pseudo-terminal pair, prints the path of its serial side (/dev/pts/N)
and relays the bytes of its other side to and from a TCP server (e.g. a Modbus RTU-over-TCP simulator), like an
RS-485 adapter wired to a device. Exits when stdin is closed, the TCP server closes, or the terminal goes away.

Usage: python3 pty_tcp_relay.py HOST PORT
"""
import os
import pty
import select
import socket
import sys
import tty


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    try:
        master, slave = pty.openpty()
    except OSError as e:
        print("NO_PTY " + str(e), flush=True)
        return 3
    tty.setraw(slave)  # no echo, no line editing: bytes pass unchanged
    sock = socket.create_connection((host, port))
    print(os.ttyname(slave), flush=True)
    stdin = sys.stdin.fileno()
    while True:
        ready, _, _ = select.select([master, sock, stdin], [], [])
        if master in ready:
            try:
                data = os.read(master, 4096)
            except OSError:
                return 0
            if not data:
                return 0
            sock.sendall(data)
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                return 0
            os.write(master, data)
        if stdin in ready and not os.read(stdin, 4096):
            return 0


if __name__ == "__main__":
    sys.exit(main())
