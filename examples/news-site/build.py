#!/usr/bin/python3
"""Builds Rill's sample news site from articles.json.

    build.py --base http://127.0.0.1:8080 --out DIR

Six outlets in six languages publish the stories of articles.json, each
page wrapped in its outlet's menus, cookie banner, share bar, related
links and footer, with the metadata real sites carry (JSON-LD on some,
Open Graph on others, a visible dateline on the rest). The Russian outlet
is served in windows-1251 with only a <meta charset>, as many are. An
aggregator republishes three stories inside its own menu, a 'most read'
list with dates and view counts, and credits the original outlet
('Источник: URL'). Each outlet has an RSS 2.0 feed; the site has a sitemap
and an index feed listing every page.

The base URL is known only when the server starts, so the site is built
then, into DIR.
"""

import argparse
import html
import json
import os
from datetime import datetime
from email.utils import format_datetime

HERE = os.path.dirname(os.path.abspath(__file__))

CHROME = {
    "en": {"home": "Home", "news": "News", "sport": "Sport", "culture": "Culture",
           "cookie": "We use cookies to improve your experience. Accept all cookies?",
           "share": "Share this story", "related": "Read also", "footer": "All rights reserved.",
           "newsletter": "Subscribe to our morning newsletter", "by": "By"},
    "ru": {"home": "Главная", "news": "Новости", "sport": "Спорт", "culture": "Культура",
           "cookie": "Мы используем файлы cookie. Продолжая, вы соглашаетесь.",
           "share": "Поделиться", "related": "Читайте также", "footer": "Все права защищены.",
           "newsletter": "Подпишитесь на нашу рассылку", "by": "Автор:"},
    "az": {"home": "Ana səhifə", "news": "Xəbərlər", "sport": "İdman", "culture": "Mədəniyyət",
           "cookie": "Saytımız kukilərdən istifadə edir.", "share": "Paylaş",
           "related": "Həmçinin oxuyun", "footer": "Bütün hüquqlar qorunur.",
           "newsletter": "Xəbər bülletenimizə abunə olun", "by": "Müəllif:"},
    "de": {"home": "Startseite", "news": "Nachrichten", "sport": "Sport", "culture": "Kultur",
           "cookie": "Wir verwenden Cookies. Alle akzeptieren?", "share": "Artikel teilen",
           "related": "Mehr zum Thema", "footer": "Alle Rechte vorbehalten.",
           "newsletter": "Jetzt den Newsletter abonnieren", "by": "Von"},
    "fr": {"home": "Accueil", "news": "Actualités", "sport": "Sport", "culture": "Culture",
           "cookie": "Ce site utilise des cookies. Tout accepter ?", "share": "Partager",
           "related": "À lire aussi", "footer": "Tous droits réservés.",
           "newsletter": "Abonnez-vous à notre lettre", "by": "Par"},
    "es": {"home": "Portada", "news": "Noticias", "sport": "Deportes", "culture": "Cultura",
           "cookie": "Usamos cookies. ¿Aceptar todas?", "share": "Compartir",
           "related": "Lea también", "footer": "Todos los derechos reservados.",
           "newsletter": "Suscríbase a nuestro boletín", "by": "Por"},
}

# Where an outlet puts its metadata, so extraction meets every kind.
METADATA_STYLE = {"harbour": "jsonld", "vesti": "dateline", "xeber": "og",
                  "zeitung": "jsonld", "gazette": "og", "diario": "dateline"}
ENCODING = {"vesti": "windows-1251"}


def esc(text):
    return html.escape(text, quote=True)


def page_url(base, outlet, article_id):
    return f"{base}/{outlet}/{article_id}.html"


def head(title, lang, charset, extra=""):
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n'
            f'<meta charset="{charset}">\n<title>{esc(title)}</title>\n'
            f'<meta name="viewport" content="width=device-width">\n{extra}</head>\n')


def chrome_top(outlet, c, base, siblings):
    menu = "".join(f'<li><a href="{base}/{outlet["host"]}/">{esc(c[k])}</a></li>'
                   for k in ("home", "news", "sport", "culture"))
    ticker = "".join(f'<li><a href="{base}/{outlet["host"]}/{a["id"]}.html">{esc(a["title"])}</a></li>'
                     for a in siblings)
    return (f'<div class="cookie-banner" id="cookies"><p>{esc(c["cookie"])}</p>'
            f'<button>OK</button></div>\n'
            f'<header class="site-header"><a class="logo" href="{base}/{outlet["host"]}/">'
            f'{esc(outlet["name"])}</a>\n<nav class="main-menu"><ul>{menu}</ul></nav>\n'
            f'<div class="ticker"><ul>{ticker}</ul></div></header>\n')


def chrome_bottom(outlet, c, base, siblings):
    related = "".join(f'<li><a href="{base}/{outlet["host"]}/{a["id"]}.html">{esc(a["title"])}</a></li>'
                      for a in siblings)
    return (f'<aside class="related"><h3>{esc(c["related"])}</h3><ul>{related}</ul></aside>\n'
            f'<div class="newsletter"><p>{esc(c["newsletter"])}</p><input type="email"></div>\n'
            f'<footer class="site-footer"><p>© 2026 {esc(outlet["name"])}. {esc(c["footer"])}</p>'
            f'<ul><li><a href="{base}/{outlet["host"]}/">{esc(c["home"])}</a></li></ul></footer>\n')


def metadata(style, article, outlet, url):
    if style == "jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": article["title"], "datePublished": article["date"],
              "author": {"@type": "Person", "name": article["author"]},
              "publisher": {"@type": "Organization", "name": outlet["name"]},
              "keywords": article["tags"], "mainEntityOfPage": url}
        return f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
    if style == "og":
        return (f'<meta property="og:title" content="{esc(article["title"])}">\n'
                f'<meta property="og:site_name" content="{esc(outlet["name"])}">\n'
                f'<meta property="og:url" content="{esc(url)}">\n'
                f'<meta property="article:published_time" content="{article["date"]}">\n'
                f'<meta name="author" content="{esc(article["author"])}">\n')
    return ""


def dateline(article, c):
    when = datetime.fromisoformat(article["date"])
    return (f'<p class="byline">{esc(c["by"])} {esc(article["author"])} · '
            f'<time>{when.strftime("%d.%m.%Y %H:%M")}</time></p>\n')


def article_page(base, key, outlet, article, siblings):
    c = CHROME[outlet["lang"]]
    url = page_url(base, key, article["id"])
    style = METADATA_STYLE[key]
    charset = ENCODING.get(key, "utf-8")
    body = "".join(f"<p>{esc(p)}</p>\n" for p in article["paragraphs"])
    views = 100 + 37 * len(article["paragraphs"]) * len(article["title"])
    doc = head(f'{article["title"]} | {outlet["name"]}', outlet["lang"], charset,
               f'<link rel="canonical" href="{url}">\n'
               f'<link rel="alternate" type="application/rss+xml" href="{base}/{key}/rss.xml">\n'
               + metadata(style, article, outlet, url))
    doc += "<body>\n" + chrome_top(outlet, c, base, siblings)
    doc += (f'<main><article>\n<h1>{esc(article["title"])}</h1>\n' + dateline(article, c) +
            f'<div class="article-body">\n{body}</div>\n'
            f'<div class="share-bar">{esc(c["share"])}: <a href="#">Facebook</a> '
            f'<a href="#">Telegram</a> <a href="#">X</a></div>\n'
            f'<div class="views">👁 {views}</div>\n</article></main>\n')
    doc += chrome_bottom(outlet, c, base, siblings) + "</body>\n</html>\n"
    return doc.encode(charset, errors="xmlcharrefreplace")


def aggregator_page(base, agg, story, original, outlet_key, outlets, most_read):
    c = CHROME["ru"]
    source = page_url(base, outlet_key, original["id"])
    when = datetime.fromisoformat(story["date"])
    menu = "".join(f'<li><a href="{base}/agg/">{esc(m)}</a></li>' for m in agg["menu"])
    headlines = "".join(f'<li><a href="{base}/agg/{a["id"]}.html">{esc(a["title"])}</a> '
                        f'<span class="upd">обновлено {datetime.fromisoformat(r["date"]).strftime("%H:%M")}</span></li>'
                        for a, r in most_read)
    top = "".join(f'<li><a href="{base}/agg/{a["id"]}.html">{esc(a["title"])}</a> '
                  f'<span class="date">{datetime.fromisoformat(r["date"]).strftime("%d.%m.%Y")}</span> '
                  f'<span class="views">{r["views"]}</span></li>'
                  for a, r in sorted(most_read, key=lambda x: -x[1]["views"]))
    lead = f'<p>{esc(story["lead"])}</p>\n' if "lead" in story else ""
    body = "".join(f"<p>{esc(p)}</p>\n" for p in original["paragraphs"])
    doc = head(f'{original["title"]} — {agg["name"]}', agg["lang"], "utf-8")
    doc += ("<body>\n"
            f'<div class="top-bar"><a href="{base}/agg/">{esc(agg["name"])}</a> close up AZ Menu</div>\n'
            f'<nav class="menu"><ul>{menu}</ul></nav>\n'
            f'<div class="headlines"><ul>{headlines}</ul></div>\n'
            f'<div class="content"><h1>{esc(original["title"])}</h1>\n'
            f'<div class="meta">{when.strftime("%d.%m.%Y, %H:%M")} · 👁 {story["views"]}</div>\n'
            f'<div class="text">\n{lead}{body}'
            f'<p>Источник: <a href="{source}">{source}</a></p>\n</div>\n'
            f'<div class="archived">Эта новость заархивирована с источника {esc(outlets[outlet_key]["name"])} '
            f'и может быть удалена по требованию правообладателя.</div>\n</div>\n'
            f'<div class="most-read"><h3>Самое читаемое</h3><ul>{top}</ul></div>\n'
            f'<footer>© {esc(agg["name"])}. {esc(c["footer"])}</footer>\n'
            "</body>\n</html>\n")
    return doc.encode("utf-8")


def rss(base, title, link, items):
    entries = "".join(
        f"<item><title>{esc(t)}</title><link>{esc(u)}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(d))}</pubDate></item>\n"
        for t, u, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>{esc(title)}</title><link>{esc(link)}</link>\n{entries}</channel></rss>\n").encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="URL the site is served at")
    parser.add_argument("--out", required=True, help="directory to write")
    args = parser.parse_args()
    base = args.base.rstrip("/")

    with open(os.path.join(HERE, "articles.json"), encoding="utf-8") as f:
        data = json.load(f)
    outlets, articles, agg = data["outlets"], data["articles"], data["aggregator"]
    by_id = {a["id"]: a for a in articles}
    all_items, urls = [], []

    for key, outlet in outlets.items():
        mine = [a for a in articles if a["outlet"] == key]
        os.makedirs(os.path.join(args.out, key), exist_ok=True)
        for a in mine:
            siblings = [s for s in articles if s["outlet"] == key and s is not a] or mine
            url = page_url(base, key, a["id"])
            with open(os.path.join(args.out, key, a["id"] + ".html"), "wb") as f:
                f.write(article_page(base, key, outlet, a, siblings))
            all_items.append((a["title"], url, a["date"]))
            urls.append(url)
        with open(os.path.join(args.out, key, "rss.xml"), "wb") as f:
            f.write(rss(base, outlet["name"], f"{base}/{key}/",
                        [(a["title"], page_url(base, key, a["id"]), a["date"]) for a in mine]))

    os.makedirs(os.path.join(args.out, "agg"), exist_ok=True)
    most_read = [(by_id[r["id"]], r) for r in agg["republish"]]
    for story in agg["republish"]:
        original = by_id[story["id"]]
        with open(os.path.join(args.out, "agg", story["id"] + ".html"), "wb") as f:
            f.write(aggregator_page(base, agg, story, original, original["outlet"], outlets, most_read))
        url = f"{base}/agg/{story['id']}.html"
        all_items.append((original["title"], url, story["date"]))
        urls.append(url)

    with open(os.path.join(args.out, "rss.xml"), "wb") as f:
        f.write(rss(base, "Rill sample news site", f"{base}/", all_items))
    with open(os.path.join(args.out, "sitemap.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        f.writelines(f"<url><loc>{esc(u)}</loc></url>\n" for u in urls)
        f.write("</urlset>\n")
    with open(os.path.join(args.out, "urls.txt"), "w", encoding="utf-8") as f:
        f.writelines(u + "\n" for u in urls)
    with open(os.path.join(args.out, "robots.txt"), "w", encoding="utf-8") as f:
        f.write("User-agent: *\nDisallow: /private/\n")


if __name__ == "__main__":
    main()
