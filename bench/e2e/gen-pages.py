#!/usr/bin/python3
# gen-pages.py: writes N news-like HTML pages (30 to 170 KB each) under
# DIR/www and their paths, one a line, to DIR/paths.txt, deterministically
# (same N, same bytes).
#
# Usage: gen-pages.py DIR N
#
# Pages look like those of real news sites: 40 outlets (s0 ... s39), each
# with its own template (head with inline CSS, analytics scripts and
# JSON-LD, a mega menu, breadcrumbs, share buttons, 'most read' and
# 'related' lists, a newsletter form, a comment section on some, a large
# footer and a hydration-state <script> blob), around an article of 300 to
# 2,000 words in one of ten languages (en de fr es it pt nl pl ru tr).
# About 1 page in 12 is in windows-1252 (declared in a <meta>) and:
#   - 4 % of pages republish an earlier article word for word on another
#     outlet (an aggregator copy, other boilerplate),
#   - 8 % republish an earlier article with edits (a paragraph dropped, a
#     sentence added, a few words changed): near-duplicates,
# so dedupe has work.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import multiprocessing
import os
import random
import sys

LANGS = {
    "en": """the government said on tuesday that it would review the decision after
protests in the capital while council members voted to approve a new budget for
schools hospitals and roads and opposition leaders warned of rising costs
economists expect inflation to ease later this year as energy prices fall
analysts say the market reacted cautiously to the report which showed growth in
exports police confirmed that an investigation was under way residents described
the scene as chaotic the minister told reporters that talks would continue next
week scientists published findings suggesting the trend will accelerate unless
emissions are cut sharply the club announced the signing of a striker on a three
year contract fans gathered outside the stadium before the match""",
    "de": """die regierung hat am dienstag erklärt dass sie die entscheidung nach den
protesten in der hauptstadt überprüfen werde der stadtrat stimmte für einen neuen
haushalt für schulen krankenhäuser und straßen während die opposition vor
steigenden kosten warnte ökonomen erwarten dass die inflation im laufe des jahres
nachlässt weil die energiepreise sinken die polizei bestätigte dass ermittlungen
laufen anwohner beschrieben die lage als chaotisch der minister sagte den
journalisten die gespräche würden nächste woche fortgesetzt wissenschaftler
veröffentlichten ergebnisse die zeigen dass sich der trend beschleunigt der verein
gab die verpflichtung eines stürmers bekannt die fans versammelten sich vor dem
stadion und die karten waren nach wenigen minuten ausverkauft""",
    "fr": """le gouvernement a annoncé mardi qu'il réexaminerait la décision après les
manifestations dans la capitale les élus du conseil municipal ont voté un nouveau
budget pour les écoles les hôpitaux et les routes tandis que l'opposition a mis en
garde contre la hausse des coûts les économistes s'attendent à ce que l'inflation
ralentisse cette année avec la baisse des prix de l'énergie la police a confirmé
qu'une enquête était en cours les habitants ont décrit une scène chaotique le
ministre a déclaré aux journalistes que les discussions reprendraient la semaine
prochaine des chercheurs ont publié des résultats qui montrent que la tendance va
s'accélérer le club a annoncé l'arrivée d'un attaquant pour trois ans les
supporters se sont rassemblés devant le stade avant le match""",
    "es": """el gobierno anunció el martes que revisará la decisión tras las protestas
en la capital los concejales aprobaron un nuevo presupuesto para escuelas
hospitales y carreteras mientras la oposición advirtió del aumento de los costes
los economistas esperan que la inflación se modere este año porque bajan los
precios de la energía la policía confirmó que se ha abierto una investigación los
vecinos describieron la escena como caótica el ministro dijo a los periodistas que
las conversaciones continuarán la próxima semana los científicos publicaron
resultados que sugieren que la tendencia se acelerará el club anunció el fichaje
de un delantero por tres temporadas los aficionados se reunieron frente al estadio
y las entradas se agotaron en pocos minutos""",
    "it": """il governo ha annunciato martedì che riesaminerà la decisione dopo le
proteste nella capitale il consiglio comunale ha approvato un nuovo bilancio per
scuole ospedali e strade mentre l'opposizione ha avvertito dell'aumento dei costi
gli economisti prevedono che l'inflazione rallenti quest'anno grazie al calo dei
prezzi dell'energia la polizia ha confermato che è in corso un'indagine i
residenti hanno descritto la scena come caotica il ministro ha detto ai giornalisti
che i colloqui proseguiranno la prossima settimana gli scienziati hanno pubblicato
risultati secondo cui la tendenza accelererà la società ha annunciato l'acquisto di
un attaccante con un contratto di tre anni i tifosi si sono radunati davanti allo
stadio e i biglietti sono andati esauriti in pochi minuti""",
    "pt": """o governo anunciou na terça-feira que vai rever a decisão depois dos
protestos na capital os vereadores aprovaram um novo orçamento para escolas
hospitais e estradas enquanto a oposição alertou para o aumento dos custos os
economistas esperam que a inflação abrande este ano com a descida dos preços da
energia a polícia confirmou que está em curso uma investigação os moradores
descreveram a cena como caótica o ministro disse aos jornalistas que as conversas
vão continuar na próxima semana os cientistas publicaram resultados que sugerem
que a tendência vai acelerar o clube anunciou a contratação de um avançado por
três anos os adeptos juntaram-se à porta do estádio e os bilhetes esgotaram em
poucos minutos""",
    "nl": """de regering heeft dinsdag gezegd dat zij het besluit na de protesten in
de hoofdstad zal herzien de gemeenteraad stemde in met een nieuwe begroting voor
scholen ziekenhuizen en wegen terwijl de oppositie waarschuwde voor stijgende
kosten economen verwachten dat de inflatie later dit jaar afneemt omdat de
energieprijzen dalen de politie bevestigde dat er een onderzoek loopt bewoners
beschreven de situatie als chaotisch de minister zei tegen verslaggevers dat de
gesprekken volgende week worden voortgezet wetenschappers publiceerden resultaten
die erop wijzen dat de trend versnelt de club maakte de komst van een spits bekend
de supporters verzamelden zich voor het stadion en de kaarten waren binnen enkele
minuten uitverkocht""",
    "pl": """rząd poinformował we wtorek że ponownie rozpatrzy decyzję po protestach w
stolicy radni przyjęli nowy budżet na szkoły szpitale i drogi a opozycja
ostrzegła przed rosnącymi kosztami ekonomiści spodziewają się że inflacja w tym
roku osłabnie ponieważ spadają ceny energii policja potwierdziła że trwa
śledztwo mieszkańcy opisali sytuację jako chaotyczną minister powiedział
dziennikarzom że rozmowy będą kontynuowane w przyszłym tygodniu naukowcy
opublikowali wyniki które wskazują że ten trend przyspieszy klub ogłosił
pozyskanie napastnika na trzy lata kibice zebrali się przed stadionem a bilety
wyprzedano w ciągu kilku minut""",
    "ru": """правительство заявило во вторник что пересмотрит решение после протестов
в столице депутаты городского совета утвердили новый бюджет для школ больниц и
дорог а оппозиция предупредила о росте расходов экономисты ожидают что инфляция
замедлится в этом году так как цены на энергию снижаются полиция подтвердила что
ведётся расследование жители описали происходящее как хаос министр сказал
журналистам что переговоры продолжатся на следующей неделе учёные опубликовали
результаты которые показывают что эта тенденция ускорится клуб объявил о
подписании контракта с нападающим на три года болельщики собрались у стадиона а
билеты были распроданы за несколько минут""",
    "tr": """hükümet salı günü yaptığı açıklamada başkentteki protestoların ardından
kararı yeniden gözden geçireceğini söyledi belediye meclisi okullar hastaneler ve
yollar için yeni bütçeyi onayladı muhalefet ise artan maliyetler konusunda uyardı
ekonomistler enerji fiyatları düştüğü için enflasyonun bu yıl yavaşlamasını
bekliyor polis soruşturmanın sürdüğünü doğruladı bölge sakinleri yaşananları kaos
olarak anlattı bakan gazetecilere görüşmelerin gelecek hafta devam edeceğini
söyledi bilim insanları eğilimin hızlanacağını gösteren sonuçlar yayımladı kulüp
bir forvetle üç yıllık sözleşme imzaladığını duyurdu taraftarlar maçtan önce
stadyumun önünde toplandı ve biletler birkaç dakikada tükendi""",
}
LANGS = {k: v.split() for k, v in LANGS.items()}
LANG_CODES = sorted(LANGS)
# Languages whose text fits in windows-1252.
LATIN1 = {"en", "de", "fr", "es", "it", "pt", "nl"}

SECTIONS = ["World", "Politics", "Business", "Economy", "Science", "Tech",
            "Health", "Sport", "Football", "Culture", "Books", "Film", "Music",
            "Travel", "Food", "Opinion", "Climate", "Education", "Cities",
            "Weather", "Video", "Podcasts", "Newsletters", "Obituaries"]
NSITES = 40


def words(rng, lang, n):
    return rng.choices(LANGS[lang], k=n)


def sentence(rng, lang):
    w = words(rng, lang, rng.randint(8, 26))
    w[0] = w[0].capitalize()
    return " ".join(w) + rng.choice(".....!?")


def article(aid):
    """Title, language and paragraphs of article AID (its own seed)."""
    rng = random.Random(1_000_003 * aid + 17)
    lang = LANG_CODES[rng.randrange(len(LANG_CODES))]
    title = " ".join(words(rng, lang, rng.randint(6, 12))).capitalize()
    target = rng.randint(300, 2000)
    paras, n = [], 0
    while n < target:
        p = " ".join(sentence(rng, lang) for _ in range(rng.randint(2, 6)))
        paras.append(p)
        n += p.count(" ") + 1
    return lang, title, paras


def edit(rng, lang, paras):
    """A near-duplicate: drop a paragraph, add a sentence, change words."""
    paras = list(paras)
    if len(paras) > 3:
        del paras[rng.randrange(len(paras))]
    k = rng.randrange(len(paras))
    paras[k] = paras[k] + " " + sentence(rng, lang)
    for _ in range(rng.randint(2, 6)):
        k = rng.randrange(len(paras))
        w = paras[k].split(" ")
        w[rng.randrange(len(w))] = rng.choice(LANGS[lang])
        paras[k] = " ".join(w)
    return paras


def links(rng, site, lang, n, cls="item"):
    return "".join(
        f'<li class="{cls}"><a href="/s{site}/a/{rng.randint(0, 10**7)}.html">'
        f'{" ".join(words(rng, lang, rng.randint(4, 9))).capitalize()}</a></li>'
        for _ in range(n))


def hydration(rng, site, lang, size):
    """A __NEXT_DATA__-like JSON blob of about SIZE bytes."""
    items, n = [], 0
    while n < size:
        it = ('{"id":%d,"slug":"%s","headline":"%s","section":"%s","img":'
              '"https://cdn.s%d.example/img/%x.jpg","ts":%d,"tracking":"%016x"}'
              % (rng.randint(0, 10**7), "-".join(words(rng, lang, 5)),
                 " ".join(words(rng, lang, 8)), rng.choice(SECTIONS), site,
                 rng.getrandbits(64), 1700000000 + rng.randint(0, 10**7),
                 rng.getrandbits(64)))
        items.append(it)
        n += len(it) + 1
    return ('<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":'
            '{"feed":[' + ",".join(items) + ']}}}</script>\n')


def page(i):
    rng = random.Random(i)
    site = rng.randrange(NSITES)
    r = rng.random()
    if i > 50 and r < 0.04:
        kind, aid = "copy", rng.randrange(i)
    elif i > 50 and r < 0.12:
        kind, aid = "near", rng.randrange(i)
    else:
        kind, aid = "orig", i
    lang, title, paras = article(aid)
    if kind == "near":
        paras = edit(rng, lang, paras)
    # Site template: stable per site.
    srng = random.Random(10_000 + site)
    sname = f"The {srng.choice(['Daily', 'Morning', 'Evening', 'Weekly', 'National'])} " \
            f"{srng.choice(['Courier', 'Herald', 'Post', 'Chronicle', 'Observer', 'Times'])} {site}"
    nav_n = srng.randint(40, 120)
    css = "".join(f".c{k}{{margin:{k % 7}px;padding:{k % 5}px;color:#{srng.getrandbits(24):06x}}}"
                  for k in range(srng.randint(100, 400)))
    enc = "windows-1252" if lang in LATIN1 and rng.random() < 0.1 else "utf-8"
    day = 1 + aid % 28
    date = f"2024-0{1 + aid % 9}-{day:02d}T{aid % 24:02d}:{aid % 60:02d}:00Z"
    author = f"{srng.choice(['Anna', 'Marc', 'Olga', 'Jan', 'Lucia', 'Ahmet', 'Pedro'])} " \
             f"{srng.choice(['Novak', 'Schmidt', 'Rossi', 'Silva', 'Dubois', 'Yilmaz'])}"
    if kind != "orig":
        author = f"{author} (via agency)"
    target = int(rng.triangular(30, 170, 70) * 1024)

    h = []
    h.append(f'<!DOCTYPE html>\n<html lang="{lang}"><head>\n<meta charset="{enc}">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f'<title>{title} | {sname}</title>\n'
             f'<meta name="description" content="{paras[0][:150]}">\n'
             f'<meta property="og:title" content="{title}">\n'
             f'<meta property="og:site_name" content="{sname}">\n'
             f'<meta property="og:image" content="https://cdn.s{site}.example/img/{aid}.jpg">\n'
             f'<meta name="author" content="{author}">\n'
             f'<link rel="canonical" href="/s{site}/a/{i}.html">\n'
             f'<style>{css}</style>\n'
             '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}'
             f'gtag("js",new Date());gtag("config","G-{site:08d}");</script>\n'
             '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
             f'"headline":"{title}","datePublished":"{date}","author":{{"@type":"Person","name":"{author}"}},'
             f'"publisher":{{"@type":"Organization","name":"{sname}"}}}}</script>\n'
             '</head><body class="article-page">\n')
    h.append('<div id="cookie-banner" class="consent"><p>We use cookies to improve your experience. '
             '<button>Accept all</button> <button>Settings</button></p></div>\n')
    h.append(f'<header class="site-header"><a class="logo" href="/s{site}/">{sname}</a>'
             '<nav class="main-nav"><ul>' +
             "".join(f'<li><a href="/s{site}/{SECTIONS[k % len(SECTIONS)].lower()}/{k}">'
                     f'{SECTIONS[k % len(SECTIONS)]}</a></li>' for k in range(nav_n)) +
             '</ul></nav><form class="search"><input name="q" placeholder="Search"></form></header>\n')
    h.append(f'<ol class="breadcrumbs"><li><a href="/s{site}/">Home</a></li>'
             f'<li><a href="/s{site}/{SECTIONS[aid % len(SECTIONS)].lower()}/">'
             f'{SECTIONS[aid % len(SECTIONS)]}</a></li></ol>\n')
    h.append('<main><article class="story">\n'
             f'<h1 class="headline">{title}</h1>\n'
             f'<p class="byline">By <span class="author">{author}</span> · '
             f'<time datetime="{date}">{date[:10]}</time></p>\n'
             '<ul class="share"><li><a href="#">Share</a></li><li><a href="#">Tweet</a></li>'
             '<li><a href="#">Email</a></li></ul>\n'
             f'<figure><img src="https://cdn.s{site}.example/img/{aid}.jpg" alt="">'
             f'<figcaption>{" ".join(words(rng, lang, 10)).capitalize()} (Photo: Agency)</figcaption></figure>\n'
             '<div class="article-body">\n')
    for k, p in enumerate(paras):
        h.append(f"<p>{p}</p>\n")
        if k == 3:
            h.append('<div class="read-also"><strong>Read also:</strong> <ul>' +
                     links(rng, site, lang, 2) + '</ul></div>\n')
        if k == 6:
            h.append('<div class="ad-slot" data-slot="mid"><script>loadAd("mid")</script></div>\n')
    h.append('</div>\n<div class="tags">' +
             "".join(f'<a href="/s{site}/tag/{w}">{w}</a> ' for w in words(rng, lang, 5)) +
             '</div>\n</article>\n')
    h.append('<aside class="sidebar"><h2>Most read</h2><ol>' + links(rng, site, lang, 10) +
             '</ol><h2>Related</h2><ul>' + links(rng, site, lang, 12) + '</ul>'
             '<div class="newsletter"><h3>Sign up to our newsletter</h3><form><input type="email">'
             '<button>Subscribe</button></form></div></aside>\n')
    if rng.random() < 0.3:
        h.append('<section class="comments"><h2>Comments</h2>' +
                 "".join(f'<div class="comment"><b>user{rng.randint(1, 99999)}</b>'
                         f'<p>{sentence(rng, lang)}</p></div>' for _ in range(rng.randint(3, 15))) +
                 '</section>\n')
    h.append('</main>\n')
    foot = ('<footer class="site-footer"><div class="footer-links"><ul>' +
            "".join(f'<li><a href="/s{site}/{SECTIONS[k % len(SECTIONS)].lower()}/">'
                    f'{SECTIONS[k % len(SECTIONS)]}</a></li>' for k in range(60)) +
            '</ul></div><p>&copy; 2024 ' + sname + '. All rights reserved. '
            '<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>\n')
    end = '<script src="/static/app.js" defer></script>\n</body></html>\n'
    size = sum(len(x) for x in h) + len(foot) + len(end)
    # Fill up to the target size like real pages do: more teaser lists and
    # a hydration-state blob.
    while size < target - 12000 and rng.random() < 0.5:
        t = ('<section class="teasers"><h2>' + rng.choice(SECTIONS) + '</h2><ul>' +
             links(rng, site, lang, 20, "teaser") + '</ul></section>\n')
        h.append(t)
        size += len(t)
    if size < target:
        h.append(hydration(rng, site, lang, target - size))
    h.append(foot)
    h.append(end)
    return site, "".join(h).encode(enc, errors="replace")


def write(args):
    out, i = args
    site, data = page(i)
    rel = f"s{site}/a/{i}.html"
    path = os.path.join(out, "www", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return rel


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(os.path.join(out, "www"), exist_ok=True)
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        rels = pool.map(write, ((out, i) for i in range(n)), chunksize=64)
    with open(os.path.join(out, "paths.txt"), "w") as f:
        f.write("".join(r + "\n" for r in rels))


if __name__ == "__main__":
    main()
