#!/usr/bin/python3
# scrapy-fetch.py: fetches every URL of a file with Scrapy and discards
# the bodies; prints how many responses arrived.
#
# Usage: /usr/bin/python3 scrapy-fetch.py URLS.txt CONCURRENCY
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

URLS, CONCURRENCY = sys.argv[1], int(sys.argv[2])
count = 0


class FetchSpider(scrapy.Spider):
    name = "fetch"

    def start_requests(self):
        with open(URLS) as f:
            for line in f:
                line = line.strip()
                if line:
                    yield scrapy.Request(line, dont_filter=True)

    def parse(self, response):
        global count
        count += 1
        return None


process = CrawlerProcess(settings={
    "CONCURRENT_REQUESTS": CONCURRENCY,
    "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
    "CONCURRENT_REQUESTS_PER_IP": 0,
    "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False,
    "COOKIES_ENABLED": False,
    "RETRY_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "REACTOR_THREADPOOL_MAXSIZE": 4,
})
process.crawl(FetchSpider)
process.start()
print(f"scrapy: {count} responses", file=sys.stderr)
