# A virtual serial port relayed to a TCP port (see VirtualSerialPair.java).
# Usage: python3 pty_tcp_relay.py HOST PORT
# Opens a pseudo-terminal in raw mode, prints the path of its slave side (/dev/pts/N) on the first line of stdout,
# then copies the bytes written to the slave to a TCP connection to HOST:PORT and back. The connection is opened at
# the first byte and again after it was lost. Ends when stdin is closed (the Java side closes it).
import os
import pty
import select
import socket
import sys
import tty

host, port = sys.argv[1], int(sys.argv[2])
master, slave = pty.openpty()
tty.setraw(slave)  # no echo, no line editing, no CR/LF translation: bytes as they are
print(os.ttyname(slave), flush=True)
stdin = sys.stdin.fileno()
sock = None


def drop():
    global sock
    if sock is not None:
        sock.close()
        sock = None


while True:
    readable, _, _ = select.select([master, stdin] + ([sock] if sock is not None else []), [], [])
    if stdin in readable and not os.read(stdin, 1024):
        break
    if master in readable:
        data = os.read(master, 4096)  # the slave stays open here, so this never fails with EIO
        if sock is None:
            try:
                sock = socket.create_connection((host, port), timeout=2)
                sock.settimeout(None)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                sock = None  # nobody listens: the bytes are lost, as on a bus without devices
        if sock is not None:
            try:
                sock.sendall(data)
            except OSError:
                drop()
    if sock is not None and sock in readable:
        try:
            data = sock.recv(4096)
        except OSError:
            data = b""
        if data:
            os.write(master, data)
        else:
            drop()
