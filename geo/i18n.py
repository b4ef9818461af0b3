"""Interface languages: every translation in one table, keyed by the English text.

``t("Event details", "ru")`` gives the Russian; a text with no entry stays in
English (so a missing translation shows, readable, rather than failing). Data
(titles, descriptions, claimants) is not translated: it is shown as recorded.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["LANGUAGES", "format_date", "local_name", "localise", "plural_ru", "t"]

LANGUAGES = {"en": "English", "ru": "Русский"}

_RU: dict[str, str] = {
    # why and who (triggers, actors, analysis)
    "Why and who: trigger, actors": "Почему и кто: повод, участники",
    "What started it (as the sources say; none selected = all)":
        "Повод (по источникам; ничего не выбрано = все)",
    "Who took part (forces, residents, third parties; none selected = all)":
        "Участники (силовые структуры, жители, третьи стороны; ничего не выбрано = все)",
    "triggers": "поводы",
    "What started it (per the sources)": "Повод (по источникам)",
    "Who took part": "Участники",
    "actors": "участники",
    "Water (canals, intakes, distribution points)": "Вода (каналы, водозаборы, вододелители)",
    "Land or pasture": "Земля или пастбища",
    "Road or construction": "Дорога или строительство",
    "Border post or infrastructure (posts, cameras, fences, flags)":
        "Пограничный пост или инфраструктура (посты, камеры, ограждения, флаги)",
    "Detention of a person": "Задержание человека",
    "Not stated by the sources": "Источники не называют",
    "Not yet assessed in our record": "В нашей базе ещё не оценено",
    "Kyrgyz border guards": "Кыргызские пограничники",
    "Tajik border troops": "Таджикские пограничные войска",
    "Kyrgyz armed forces": "Вооружённые силы Кыргызстана",
    "Tajik armed forces": "Вооружённые силы Таджикистана",
    "Kyrgyz police": "Кыргызская милиция",
    "Tajik police": "Таджикская милиция",
    "Kyrgyz residents": "Жители Кыргызстана",
    "Tajik residents": "Жители Таджикистана",
    "Russia": "Россия",
    "CSTO": "ОДКБ",
    "SCO": "ШОС",
    "CIS": "СНГ",
    "Uzbekistan": "Узбекистан",
    "Kazakhstan": "Казахстан",
    "European Union": "Европейский союз",
    "OSCE": "ОБСЕ",
    "United Nations": "ООН",
    "Red Cross / Red Crescent": "Красный Крест / Красный Полумесяц",
    "Analysis — season, trigger, third parties, districts": "Анализ — сезон, повод, третьи стороны, районы",
    "Incidents by month of the year, all years": "Инциденты по месяцам года, все годы",
    "Incidents by trigger": "Инциденты по поводу",
    "Third parties involved": "Участие третьих сторон",
    "Incidents by district": "Инциденты по районам",
    "The seed paper's claims, checked against the record":
        "Утверждения исходной статьи в сравнении с нашей базой",
    "incidents this rests on": "инцидентов, на которых основан вывод",
    "No third party is named in the selected events.": "В выбранных событиях третьи стороны не названы.",
    "This rests on {n} incidents of the selected range. Where the record is thin (see the coverage in "
    "About the data), read it as a sketch, not a measurement.":
        "Основано на {n} инцидентах выбранного периода. Где данных мало (см. охват в разделе «О данных»), "
        "это набросок, а не измерение.",
    "incidents": "инциденты",
    # page
    "Kyrgyz–Tajik Border Conflict Atlas": "Атлас кыргызско-таджикского пограничного конфликта",
    "Filters": "Фильтры",
    "Language": "Язык",
    "Jump to a period": "Перейти к периоду",
    "Whole record": "Весь период",
    "April–May 2021 clashes": "Столкновения апреля–мая 2021",
    "September 2022 war (14–20 Sep)": "Война сентября 2022 (14–20 сентября)",
    "September–October 2022 aftermath": "После войны: сентябрь–октябрь 2022",
    "2025 border treaty (Feb–Apr 2025)": "Договор о границе 2025 (февраль–апрель 2025)",
    "Dates": "Даты",
    "From": "С",
    "To": "По",
    "◀ Previous period": "◀ Предыдущий период",
    "Next period ▶": "Следующий период ▶",
    "◀ Previous event": "◀ Предыдущее событие",
    "Next event ▶": "Следующее событие ▶",
    "The one control of the atlas's layers; the map's own control (top right) chooses the background.":
        "Единственный переключатель слоёв атласа; кнопка на карте (справа вверху) выбирает подложку.",
    "Event types (none selected = all)": "Типы событий (ничего не выбрано = все)",
    "Find a place (any spelling, Latin or Cyrillic)": "Найти место (любое написание, латиница или кириллица)",
    "No place matches that spelling.": "Нет места с таким написанием.",
    "Matches": "Совпадения",
    "Layers shown (remembered in the link)": "Показанные слои (сохраняются в ссылке)",
    "Overlay your own events": "Наложить свои события",
    "CSV: atlas schema with latitude/longitude, an ACLED export, or UCDP GED; at most 10 MB; read in "
    "memory, never stored":
        "CSV: схема атласа с широтой/долготой, выгрузка ACLED или UCDP GED; не более 10 МБ; читается "
        "в памяти, не сохраняется",
    "Event details (or click a feature on the map)": "Подробности события (или щёлкните объект на карте)",
    "Choose an event…": "Выберите событие…",
    "Details below the map ↓": "Подробности под картой ↓",
    "Click an event, place, enclave or border segment on the map to see its details and sources.":
        "Щёлкните событие, населённый пункт, анклав или участок границы на карте, "
        "чтобы увидеть подробности и источники.",
    "Map data © OpenStreetMap contributors (ODbL) · places: GeoNames (CC BY 4.0), Data from "
    "Who's On First (CC0), researched sources · Kyrgyz districts: OCHA / Kyrgyz MoES · no tiles "
    "needed: the basemap is drawn from our own data.":
        "Данные карты © участники OpenStreetMap (ODbL) · места: GeoNames (CC BY 4.0), данные "
        "Who's On First (CC0), найденные источники · районы Кыргызстана: OCHA / МЧС КР · "
        "подложка рисуется из собственных данных, без тайлов.",
    # panels
    "Claims, side by side": "Заявления сторон рядом",
    "each figure as its claimant gave it, never averaged":
        "каждая цифра так, как её назвал источник, без усреднения",
    "Every claim with its source": "Все заявления с источниками",
    "Summary of the claims": "Сводка заявлений",
    "claims used": "использованы заявления",
    "left out": "не учтены",
    "Lineage": "Происхождение",
    "Claimed killed through time": "Заявленное число погибших во времени",
    "each side’s figure against the date it was given; point at a dot for its claim":
        "число каждой стороны по дате заявления; наведите на точку, чтобы увидеть заявление",
    "Some points are dated by their source’s publication: the claim gives no date.":
        "Некоторые точки датированы по публикации источника: в заявлении даты нет.",
    "Coverage of incidents, year by year": "Полнота записи инцидентов по годам",
    "violent incidents dated at least to the month, against the counts sources report":
        "насильственные инциденты с датой не грубее месяца — в сравнении с числами, которые дают источники",
    "A count from the statistics table appears in every year of its period; where no source gives a "
    "count, the gap is not known — which does not mean nothing happened.":
        "Число из таблицы статистики показано в каждом году своего периода; где источники числа не дают, "
        "пробел неизвестен — это не значит, что ничего не происходило.",
    "Year": "Год",
    "Incidents recorded here": "Инцидентов в атласе",
    "Sources report": "Источники сообщают",
    "Gap": "Пробел",
    "Count": "Число",
    "Up to": "По",
    "Recorded here up to then": "В атласе до этой даты",
    "Statistic": "Статистика",
    "not recorded here": "не записаны здесь",
    "none apparent": "не видно",
    "at least": "не менее",
    "not known": "неизвестен",
    "recorded then": "записано за период",
    "repeats": "повторяет",
    "unverified: the claimant's own statement was not found": "не подтверждено: само заявление не найдено",
    "unverified": "не подтверждено",
    "restated on": "повторено",
    "more than a year after the event": "более чем через год после события",
    "Claim": "Заявление",
    "Sources": "Источники",
    "Figures given by sources": "Цифры, приводимые источниками",
    "each as its source gives it": "каждая так, как её приводит источник",
    "Events here in the selected range": "События здесь в выбранный период",
    "Events table": "Таблица событий",
    "Timeline — events per period by type, claimed killed per side":
        "Хронология: события по периодам и типам, заявленные погибшие по сторонам",
    "No events in the selected range.": "В выбранный период событий нет.",
    "Events per": "Событий за",
    "by type": "по типам",
    "day": "день",
    "week": "неделю",
    "month": "месяц",
    "year": "год",
    "Claimed killed, per event and claimant side": "Заявленное число погибших по событиям и сторонам",
    "About the data — facts from the geometry, statistics, coverage, licences":
        "О данных — факты из геометрии, статистика, охват, лицензии",
    "Download — the events shown, the whole dataset, this map":
        "Скачать — показанные события, весь набор данных, эту карту",
    "Events (CSV)": "События (CSV)",
    "Events (GeoJSON)": "События (GeoJSON)",
    "Whole dataset (zip)": "Весь набор данных (zip)",
    "This map (HTML, works offline)": "Эта карта (HTML, работает без сети)",
    "problem(s) in": "проблем(ы) в",
    "the data": "данных",
    "row(s) set aside — everything valid is shown": "строк(и) отложено — всё корректное показано",
    "Link": "Ссылка",
    "could not be read at all": "не удалось прочитать целиком",
    "and {count} more": "и ещё {count}",
    "No valid events could be read: the problems are listed above; the map shows the rest.":
        "Не удалось прочитать ни одного корректного события: проблемы перечислены выше; карта показывает "
        "остальное.",
    # details labels
    "When": "Когда",
    "Type": "Тип",
    "Places": "Места",
    "Location note": "О месте",
    "Country": "Страна",
    "Admin": "Административная единица",
    "Other spellings": "Другие написания",
    "Location": "Местоположение",
    "Coordinates": "Координаты",
    "Lies in (our geometry)": "Находится в (по нашей геометрии)",
    "Distance to the KG–TJ border": "Расстояние до кыргызско-таджикской границы",
    "Distance to another country": "Расстояние до другой страны",
    "Names": "Названия",
    "Belongs to": "Принадлежит",
    "Surrounded by": "Окружён территорией",
    "Area (geodesic)": "Площадь (геодезическая)",
    "Outline": "Контур",
    "Other outline": "Другой контур",
    "Length": "Длина",
    "Geometry": "Геометрия",
    "Level": "Уровень",
    "Role on this map": "Роль на карте",
    "From your file": "Из вашего файла",
    "Source given in the file": "Источник, указанный в файле",
    "Location precision": "Точность местоположения",
    # map: layers, base layers, legend, tooltips
    "Countries": "Страны",
    "Rivers and reservoirs": "Реки и водохранилища",
    "Town labels": "Подписи городов",
    "Regions and districts (context)": "Области и районы (контекст)",
    "Enclaves (OSM, current)": "Анклавы (OSM, текущие)",
    "Enclave outlines (OSM 2017, for comparison)": "Контуры анклавов (OSM 2017, для сравнения)",
    "Villages and towns": "Сёла и города",
    "Kyrgyz–Tajik border: status at end date": "Кыргызско-таджикская граница: статус на конечную дату",
    "Places with events in range": "Места с событиями в периоде",
    "Events": "События",
    "Offline basemap (drawn from our data)": "Офлайн-подложка (из наших данных)",
    "OpenStreetMap tiles (online)": "Тайлы OpenStreetMap (онлайн)",
    "Satellite imagery, Esri (online)": "Спутниковые снимки Esri (онлайн)",
    "Legend": "Легенда",
    "Border status": "Статус границы",
    "Event": "Событие",
    "Place": "Место",
    "Marker": "Маркер",
    "Segment": "Участок",
    "Status": "Статус",
    "Enclave": "Анклав",
    "Area": "Площадь",
    "Water": "Водный объект",
    "Events in range": "Событий в периоде",
    "From – to": "С – по",
    "other types": "других типов",
    "Events at a place (when too many to draw one by one)": "События в месте (когда их слишком много)",
    "The {shown} events with the highest claimed tolls, of {total}.":
        "{shown} событий с наибольшим заявленным числом погибших из {total}.",
    "The list holds the first {shown} of {total} events, by date: narrow the dates or "
    "types to reach the others, or click the map.":
        "В списке первые {shown} из {total} событий по дате: сузьте даты или типы, чтобы "
        "увидеть остальные, или нажмите на карту.",
    "The first {shown} of {total} events, by date; the downloads hold them all.":
        "Первые {shown} из {total} событий по дате; в загрузках — все.",
    "By type": "По типам",
    "Your event": "Ваше событие",
    "Your events in this square": "Ваших событий в этом квадрате",
    "Source": "Источник",
    # vocabularies
    "Armed clash": "Вооружённое столкновение",
    "Shelling / rocket fire": "Обстрел / ракетный огонь",
    "Drone strike": "Удар беспилотника",
    "Violence against civilians": "Насилие против мирных жителей",
    "Clash between residents": "Столкновение жителей",
    "Arson / looting": "Поджоги / мародёрство",
    "Evacuation / displacement": "Эвакуация / перемещение",
    "State of emergency": "Чрезвычайное положение",
    "Ceasefire": "Прекращение огня",
    "Agreement / protocol": "Соглашение / протокол",
    "Talks / meeting": "Переговоры / встреча",
    "Statement": "Заявление",
    "Ratification": "Ратификация",
    "Legal / institutional step": "Правовой / институциональный шаг",
    "Reopening of crossings / links": "Открытие пунктов пропуска / сообщения",
    "Other development": "Другое событие",
    "Period summary (not an incident)": "Сводка за период (не инцидент)",
    "Disputed": "Спорный",
    "Not delimited": "Не делимитирован",
    "Partly delimited": "Частично делимитирован",
    "Delimited (protocol)": "Делимитирован (протокол)",
    "Treaty signed": "Договор подписан",
    "Treaty ratified": "Договор ратифицирован",
    "Delimited (treaty)": "Делимитирован (договор)",
    "No longer a border": "Больше не граница",
    "Status not known": "Статус неизвестен",
    "Kyrgyz side": "Кыргызская сторона",
    "Tajik side": "Таджикская сторона",
    "Independent": "Независимые",
    "killed": "погибшие",
    "civilians killed": "погибшие мирные жители",
    "military / security personnel killed": "погибшие военные / силовики",
    "injured": "раненые",
    "displaced": "перемещённые",
    "evacuated": "эвакуированные",
    "houses destroyed": "разрушенные дома",
    "houses damaged": "повреждённые дома",
    "buildings destroyed": "разрушенные здания",
    "buildings damaged or destroyed": "повреждённые или разрушенные здания",
    "incidents counted": "учтённые инциденты",
    "in Kyrgyzstan / Kyrgyz citizens": "в Кыргызстане / граждане Кыргызстана",
    "in Tajikistan / Tajik citizens": "в Таджикистане / граждане Таджикистана",
    "both sides together": "обе стороны вместе",
    "side not stated": "сторона не указана",
    "exact day(s)": "точная дата",
    "at some time within the dates given": "в какой-то момент в указанные даты",
    "within the week given": "в пределах указанной недели",
    "within the month given": "в пределах указанного месяца",
    "within the year given": "в пределах указанного года",
    "date not stated": "дата не указана",
    "Status on": "Статус на",
    "approximate extent": "приблизительная протяжённость",
    "as drawn in the source": "как в источнике",
    "Claimed on": "Дата заявления",
    "Claimant": "Кто заявил",
    "Claimant side": "Сторона заявителя",
    "Metric": "Показатель",
    "Whose": "Чьи потери",
    "Figure": "Цифра",
    "Note": "Примечание",
    "Fact": "Факт",
    "Value": "Значение",
    "As of": "На дату",
    "not stated": "не указано",
    "Your events": "Ваши события",
    "low": "мин.",
    "best": "лучшая оценка",
    "high": "макс.",
    "independent figure": "независимая цифра",
    "lowest figure": "наименьшая цифра",
    "How the low / best / high summary is derived.": "Как получена сводка мин. / лучшая оценка / макс.",
    "Coverage": "Охват",
    "Statistics": "Статистика",
    "aggregate figures, not events, each with its period and source":
        "сводные цифры, не события, каждая со своим периодом и источником",
    "Events per year and type (whole record)": "События по годам и типам (весь период)",
    "Enclave areas (geodesic, per outline)": "Площади анклавов (геодезические, по контурам)",
    "two OSM outlines of Vorukh disagree": "два контура Воруха в OSM расходятся",
    "Kyrgyz–Tajik border in our geometry (OSM line)":
        "Кыргызско-таджикская граница в нашей геометрии (линия OSM)",
    "Official statements give 970–1,006.84 km; see the statistics below.":
        "Официальные заявления дают 970–1 006,84 км; см. статистику ниже.",
    "Border by status on": "Граница по статусу на",
    "Choose options": "Выберите",
}

_MONTHS_RU = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def t(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``en`` or ``ru``); the English when no translation exists."""
    return _RU.get(text, text) if lang == "ru" else text


def format_date(day: dt.date, lang: str) -> str:
    """``14 Sep 2022`` / ``14 сен 2022``."""
    if lang == "ru":
        return f"{day.day} {_MONTHS_RU[day.month - 1]} {day.year}"
    return f"{day.day} {day:%b %Y}"


def plural_ru(count: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``count`` (1 событие, 2 события, 5 событий)."""
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def local_name(name: str, alt_names: object, lang: str) -> str:
    """A place's name for ``lang``: in Russian, its first Cyrillic spelling if one is known."""
    if lang != "ru" or not isinstance(alt_names, str):
        return name
    cyrillic = [a.strip() for a in alt_names.split(";") if any("\u0400" <= c <= "\u04ff" for c in a)]
    return cyrillic[0] if cyrillic else name


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE_RE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS_EN) + r") (\d{4})\b")
# Phrases the atlas itself writes into generated values (never applied to data text).
_PHRASES = sorted((k for k in _RU if len(k) > 6), key=len, reverse=True)


def localise(text: str, lang: str) -> str:
    """A value the atlas generated, in ``lang``: whole-text translation, else its dates
    (``14 Sep 2022``) and known vocabulary phrases replaced. Not for data text."""
    if lang != "ru":
        return text
    if text in _RU:
        return _RU[text]
    out = _DATE_RE.sub(lambda m: f"{int(m[1])} {_MONTHS_RU[_MONTHS_EN.index(m[2])]} {m[3]}", text)
    for phrase in _PHRASES:
        if phrase in out:
            out = out.replace(phrase, _RU[phrase])
    return out
