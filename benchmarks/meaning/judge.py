"""Write benchmarks/meaning/queries.jsonl: the meaning evaluation's queries and their judged documents.

    python benchmarks/meaning/judge.py --home DIR

DIR holds the bundled sample imported (seed.jsonl, the two FRUS volumes and their people). Each subject below is
one of the documents' own subjects (a FRUS subject line, an index term, a seed topic) with the words that name it in
the documents; the documents are judged from those words (see README.md beside this file), and the subject is asked
five ways: in the documents' words, in other English words, and in Russian, Chinese and German.
"""

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# (key, patterns naming the subject in the documents, words, paraphrase, Russian, Chinese, German)
SUBJECTS: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "tachen",
        r"Tachen",
        "evacuation of the Tachen Islands",
        "pulling troops and civilians off a small northern island group near Zhejiang",
        "эвакуация островов Дачэнь",
        "大陈岛撤退",
        "Räumung der Tachen-Inseln",
    ),
    (
        "quemoy-matsu",
        r"Quemoy|Matsu",
        "defense of Quemoy and Matsu",
        "protecting the two coastal outposts held by the Nationalists opposite Fujian",
        "оборона островов Цзиньмэнь и Мацзу",
        "金门马祖防御",
        "Verteidigung von Quemoy und Matsu",
    ),
    (
        "formosa-resolution",
        r"Formosa Resolution|joint resolution",
        "Formosa Resolution in Congress",
        "lawmakers authorising the President to use armed might for Taiwan",
        "резолюция Конгресса о Формозе",
        "国会台湾决议案",
        "Formosa-Resolution des Kongresses",
    ),
    (
        "airmen",
        r"airmen|fliers|flyers|imprisoned Americans",
        "release of American airmen imprisoned in China",
        "freeing US aviators held captive by Beijing",
        "освобождение американских лётчиков в Китае",
        "释放被关押的美国飞行员",
        "Freilassung amerikanischer Flieger in China",
    ),
    (
        "geneva-talks",
        r"Geneva",
        "ambassadorial talks at Geneva",
        "envoy-level negotiations between Washington and Beijing held in Switzerland",
        "переговоры послов в Женеве",
        "日内瓦大使级会谈",
        "Botschaftergespräche in Genf",
    ),
    (
        "bandung",
        r"Bandung|Asian-African Conference|Afro-Asian",
        "Asian-African Conference at Bandung",
        "the 1955 gathering of newly independent nations of two continents in Java",
        "Бандунгская конференция стран Азии и Африки",
        "万隆亚非会议",
        "Asiatisch-Afrikanische Konferenz in Bandung",
    ),
    (
        "menon",
        r"Menon",
        "Krishna Menon mediation",
        "India's envoy shuttling between Peking and Washington to ease the crisis",
        "посредничество Кришны Менона",
        "梅农的调停",
        "Vermittlung durch Krishna Menon",
    ),
    (
        "hammarskjold",
        r"Hammarskjold|Hammarskjöld|Secretary-General",
        "Hammarskjold Secretary-General mission to Peking",
        "the UN's chief official travelling to Beijing to plead for detained men",
        "миссия Генерального секретаря ООН Хаммаршёльда",
        "联合国秘书长哈马舍尔德访华",
        "Mission des UN-Generalsekretärs Hammarskjöld",
    ),
    (
        "ceasefire",
        r"cease-fire|ceasefire",
        "cease-fire in the Formosa Strait",
        "halting the shooting across the waters between the mainland and Taiwan",
        "прекращение огня в Тайваньском проливе",
        "台湾海峡停火",
        "Waffenstillstand in der Straße von Formosa",
    ),
    (
        "renunciation",
        r"renunciation of force|renounce (the use of )?force",
        "renunciation of force declaration",
        "a pledge by Peking never to use arms to settle the Taiwan question",
        "отказ от применения силы",
        "放弃使用武力声明",
        "Verzicht auf Gewaltanwendung",
    ),
    (
        "students",
        r"students",
        "Chinese students refused permission to leave the United States",
        "young scholars from the mainland kept from sailing home after studying at American universities",
        "китайские студенты в США",
        "在美中国留学生回国问题",
        "chinesische Studenten in den Vereinigten Staaten",
    ),
    (
        "seventh-fleet",
        r"Seventh Fleet",
        "Seventh Fleet patrol",
        "American naval squadron guarding the strait",
        "Седьмой флот США",
        "美国第七舰队",
        "Siebte Flotte der US-Marine",
    ),
    (
        "mutual-defense-treaty",
        r"Mutual Defense Treaty",
        "Mutual Defense Treaty with the Republic of China",
        "the 1954 security pact between Washington and Chiang's government",
        "договор о взаимной обороне с Китайской Республикой",
        "中美共同防御条约",
        "Verteidigungsvertrag mit der Republik China",
    ),
    (
        "trade-embargo",
        r"embargo|trade controls|CHINCOM",
        "trade embargo against Communist China",
        "restrictions on selling strategic goods to the Peking regime",
        "торговое эмбарго против КНР",
        "对华贸易禁运",
        "Handelsembargo gegen das kommunistische China",
    ),
    (
        "blockade",
        r"blockade",
        "blockade of the China coast",
        "cutting off shipping to mainland ports",
        "блокада китайского побережья",
        "封锁中国沿海",
        "Blockade der chinesischen Küste",
    ),
    (
        "nuclear",
        r"atomic|nuclear",
        "use of atomic weapons against China",
        "whether to drop the bomb if the mainland attacked",
        "применение атомного оружия против Китая",
        "对中国使用原子武器",
        "Einsatz von Atomwaffen gegen China",
    ),
    (
        "sumatra-rebellion",
        r"PRRI|Padang|Sumatra",
        "PRRI rebellion in Sumatra",
        "the 1958 revolt of dissident colonels on Indonesia's western island",
        "восстание ПРРИ на Суматре",
        "苏门答腊叛乱",
        "PRRI-Aufstand auf Sumatra",
    ),
    (
        "permesta",
        r"Permesta|Menado|Celebes|Sulawesi",
        "Permesta rebels in Celebes",
        "dissident commanders in the north-eastern island around Manado",
        "повстанцы Перместа на Сулавеси",
        "苏拉威西的全面斗争叛军",
        "Permesta-Rebellen auf Sulawesi",
    ),
    (
        "pope",
        r"\bPope\b",
        "Allen Pope shot down and captured",
        "the American pilot taken prisoner after his bomber fell over Ambon",
        "пленённый американский лётчик Поуп",
        "被俘的美国飞行员波普",
        "gefangener amerikanischer Pilot Pope",
    ),
    (
        "pki",
        r"\bPKI\b|Communist Party of Indonesia|Indonesian Communist",
        "Indonesian Communist Party PKI",
        "the Marxist-Leninist movement gaining strength in Java",
        "Коммунистическая партия Индонезии",
        "印度尼西亚共产党",
        "Kommunistische Partei Indonesiens",
    ),
    (
        "west-irian",
        r"Irian|West New Guinea|Netherlands New Guinea",
        "West Irian New Guinea dispute",
        "the quarrel between Jakarta and The Hague over the western half of the big Melanesian island",
        "спор о Западном Ириане",
        "西伊里安争端",
        "Streit um West-Neuguinea",
    ),
    (
        "oil",
        r"CALTEX|STANVAC|oil companies|oil fields",
        "American oil companies Caltex and Stanvac",
        "US petroleum firms' wells and installations in Indonesia",
        "американские нефтяные компании в Индонезии",
        "美国石油公司在印尼",
        "amerikanische Ölgesellschaften in Indonesien",
    ),
    (
        "arms-indonesia",
        r"arms (aid|assistance|purchase|request)|military equipment|military assistance",
        "arms aid to the Indonesian army",
        "supplying weapons and equipment to Jakarta's soldiers",
        "военная помощь индонезийской армии",
        "对印尼军队的军援",
        "Waffenhilfe für die indonesische Armee",
    ),
    (
        "nasution",
        r"Nasution",
        "General Nasution army chief",
        "the officer at the head of Jakarta's soldiers",
        "генерал Насутион, начальник штаба армии",
        "纳苏蒂安将军",
        "General Nasution, Stabschef des Heeres",
    ),
    (
        "guided-democracy",
        r"guided democracy|1945 Constitution",
        "guided democracy and the 1945 Constitution",
        "Sukarno's plan to rule through councils rather than parties and parliament",
        "направляемая демократия Сукарно",
        "苏加诺的有领导的民主",
        "gelenkte Demokratie Sukarnos",
    ),
    (
        "hatta",
        r"Hatta",
        "Hatta and Sukarno reconciliation",
        "the former vice president's rift with the head of state",
        "Хатта и Сукарно",
        "哈达与苏加诺",
        "Hatta und Sukarno",
    ),
    (
        "dutch-relations",
        r"Dutch|Netherlands",
        "Dutch-Indonesian relations",
        "ties between Jakarta and its former colonial rulers in The Hague",
        "отношения Нидерландов и Индонезии",
        "荷兰与印尼的关系",
        "niederländisch-indonesische Beziehungen",
    ),
    (
        "soviet-aid-indonesia",
        r"Soviet (Union )?(aid|assistance|credit|arms)|Bloc (aid|assistance|arms)|Sino-Soviet Bloc",
        "Sino-Soviet Bloc assistance to Indonesia",
        "Moscow and Peking financing and arming Jakarta",
        "советская помощь Индонезии",
        "苏联集团对印尼的援助",
        "Hilfe des Ostblocks für Indonesien",
    ),
    (
        "rice",
        r"\brice\b",
        "rice shortage and PL 480 surplus rice",
        "sending grain surpluses to feed a hungry population",
        "поставки риса в Индонезию",
        "向印尼运送大米",
        "Reislieferungen nach Indonesien",
    ),
    (
        "elections-indonesia",
        r"election",
        "Indonesian elections",
        "voters going to the polls in the archipelago",
        "выборы в Индонезии",
        "印尼选举",
        "Wahlen in Indonesien",
    ),
    (
        "seato",
        r"SEATO|Manila Pact|Southeast Asia Treaty",
        "SEATO Manila Pact",
        "the regional defence alliance signed in the Philippines in 1954",
        "СЕАТО Манильский пакт",
        "东南亚条约组织",
        "SEATO-Pakt von Manila",
    ),
    (
        "pows-korea",
        r"POW|prisoners of war|repatriation",
        "Korean War prisoners of war repatriation",
        "sending captured soldiers home after the fighting on the peninsula",
        "репатриация военнопленных Корейской войны",
        "朝鲜战争战俘遣返",
        "Rückführung der Kriegsgefangenen des Koreakriegs",
    ),
    (
        "port-arthur",
        r"Port Arthur|Lüshun|railroad|railway",
        "Port Arthur agreement and the Sino-Mongolian railroad",
        "Soviet naval base lease on the Liaodong peninsula and a line through the steppe",
        "соглашение о Порт-Артуре",
        "旅顺口协定",
        "Abkommen über Port Arthur",
    ),
    (
        "tibet-india",
        r"Tibet",
        "Tibet and India",
        "the Dalai Lama's flight and the Himalayan frontier",
        "Тибет и Индия",
        "西藏与印度",
        "Tibet und Indien",
    ),
]

STOPWORDS = {"the", "of", "and", "in", "to", "a", "an", "on", "for", "with", "by", "at", "from", "its", "whether"}


def judged_documents(pattern: str) -> dict[str, int]:
    """Grade 2: the subject is in the document's title, summary or topics, or named five times or more in its
    text; grade 1: named two to four times in its text. Public documents only."""
    from readingroom.records.models import Document, DocumentAuthority

    words = re.compile(pattern, re.IGNORECASE)
    topics: dict[str, list[str]] = {}
    for document_id, name in DocumentAuthority.objects.filter(authority__kind="topic").values_list(
        "document_id", "authority__name"
    ):
        topics.setdefault(document_id, []).append(name)
    grades: dict[str, int] = {}
    for document in Document.objects.filter(access="public").only("id", "title", "summary", "text"):
        heading = " ".join([document.title, document.summary, *topics.get(document.id, [])])
        mentions = len(words.findall(document.text))
        if words.search(heading) or mentions >= 5:
            grades[document.id] = 2
        elif mentions >= 2:
            grades[document.id] = 1
    return grades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    arguments = parser.parse_args()
    import os

    os.environ["READINGROOM_HOME"] = str(arguments.home)
    from readingroom.cli.setup import prepare

    prepare()
    rows: list[dict[str, Any]] = []
    for key, pattern, words, paraphrase, russian, chinese, german in SUBJECTS:
        relevant = judged_documents(pattern)
        print(f"{key}: {len(relevant)} judged ({sum(g == 2 for g in relevant.values())} of grade 2)")
        asked = [
            ("words", words),
            ("paraphrase", paraphrase),
            ("cross-language-ru", russian),
            ("cross-language-zh", chinese),
            ("cross-language-de", german),
        ]
        for group, text in asked:
            rows.append({"id": f"{key}/{group}", "group": group, "subject": key, "query": text, "relevant": relevant})
    with (HERE / "queries.jsonl").open("w") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} queries")


if __name__ == "__main__":
    main()
