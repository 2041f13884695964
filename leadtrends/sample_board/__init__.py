"""A deterministic synthetic careers site (HTML + JSON-LD pages and a Greenhouse-style API).

It gives a first run that works without internet access, and ground truth to test the
crawl and extract stages against.
"""

from leadtrends.sample_board.generator import Advert, SampleBoard, generate_board
from leadtrends.sample_board.server import SampleBoardServer
from leadtrends.sample_board.vocabulary import SKILLS, TRENDS

__all__ = ["SKILLS", "TRENDS", "Advert", "SampleBoard", "SampleBoardServer", "generate_board"]
