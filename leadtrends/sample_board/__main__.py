"""Serve the sample board for a look in a browser: python -m leadtrends.sample_board --port 8765"""

from __future__ import annotations

import argparse
import sys
import threading

from leadtrends.sample_board.generator import generate_board
from leadtrends.sample_board.server import SampleBoardServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m leadtrends.sample_board",
                                     description="Serve the synthetic sample job board.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--adverts", type=int, default=1500)
    args = parser.parse_args(argv)
    try:
        board = generate_board(seed=args.seed, n_adverts=args.adverts)
        server = SampleBoardServer(board, host=args.host, port=args.port)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with server:
        print(f"Sample board: {server.base_url}/", flush=True)
        print(f"  robots.txt:     {server.robots_url}")
        print(f"  sitemap index:  {server.sitemap_url}")
        print(f"  greenhouse API: {server.greenhouse_api_base}/v1/boards/<token>/jobs?content=true")
        print(f"  board tokens:   {', '.join(board.board_tokens)}")
        print(f"  {len(board.careers_adverts)} careers-site adverts, "
              f"{len(board.greenhouse_adverts)} on Greenhouse. Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
