#!/usr/bin/python3
"""A real RTSP server for tests: GStreamer's gst-rtsp-server (Debian packages) serving an MP4's H.264
track without re-encoding (qtdemux ! h264parse ! rtph264pay), in real time, RTCP sender reports on.

usage: rtsp-server.py FILE [--port 0] [--path /stream] [--protocols tcp,udp] [--auth USER:PASSWORD]
                      [--audio none|aac|opus|pcmu]
--audio serves the file's AAC track as well: `aac` as it is (rtpmp4gpay, RFC 3640 mpeg4-generic),
`opus` or `pcmu` (G.711 µ-law, 8 kHz mono) encoded here, as cameras that send those would.
Binds 127.0.0.1; port 0 picks a free port. Prints one line `READY rtsp://127.0.0.1:PORT/PATH` on stdout
once it listens. Each client gets its own pipeline, so every session starts at the file's first frame.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


# The file's first audio track (AAC in MP4) as a second RTP stream, after the video (pay1).
PCM = "d.audio_1 ! queue ! audioconvert ! audioresample"
AUDIO = {
    "none": "",
    "aac": "d.audio_0 ! queue ! aacparse ! rtpmp4gpay name=pay1 pt=97 ",
    "opus": f"{PCM} ! opusenc ! rtpopuspay name=pay1 pt=98 ",
    "pcmu": f"{PCM} ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0 ",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--path", default="/stream")
    ap.add_argument("--protocols", default="tcp,udp", help="lower transports offered: tcp, udp or both")
    ap.add_argument("--auth", help="USER:PASSWORD: only a client with these credentials (Basic) gets the stream")
    ap.add_argument("--audio", default="none", choices=list(AUDIO), help="serve the file's AAC track too, as this codec")
    args = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    loc = args.file.replace("\\", "\\\\").replace('"', '\\"')
    # config-interval=-1: SPS/PPS before every IDR, so a client that (re)connects can decode at once.
    factory.set_launch(
        f'( filesrc location="{loc}" ! qtdemux name=d d.video_0 ! queue ! h264parse ! rtph264pay name=pay0 pt=96 {AUDIO[args.audio]})'
    )
    factory.set_shared(False)
    protocols = GstRtsp.RTSPLowerTrans(0)
    for p in args.protocols.split(","):
        protocols |= {"tcp": GstRtsp.RTSPLowerTrans.TCP, "udp": GstRtsp.RTSPLowerTrans.UDP}[p.strip()]
    factory.set_protocols(protocols)
    if args.auth:
        user, password = args.auth.split(":", 1)
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        print("could not bind", file=sys.stderr)
        sys.exit(1)
    print(f"READY rtsp://127.0.0.1:{server.get_bound_port()}{args.path}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
