from __future__ import annotations

import pytest

from claimgraph.ingest import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The minister said that the talks with the delegation would continue in the spring.", "en"),
        ("Le ministre a déclaré que les négociations avec la délégation se poursuivront au printemps.", "fr"),
        ("Der Minister sagte, dass die Gespräche mit der Delegation im Frühjahr fortgesetzt werden.", "de"),
        ("El ministro dijo que las conversaciones con la delegación continuarán en la primavera.", "es"),
        ("Il ministro ha detto che i colloqui con la delegazione continueranno in primavera.", "it"),
        ("O ministro disse que as conversas com a delegação vão continuar na primavera.", "pt"),
        ("Министр заявил, что переговоры с делегацией продолжатся весной, а поставки будут отложены.", "ru"),
        (
            "Міністр заявив, що переговори з делегацією триватимуть навесні, а постачання буде відкладено.",
            "uk",
        ),
        ("外交部发言人表示，双方将在春季继续就能源合作问题举行会谈。", "zh"),
        ("外務省の報道官は、双方が春にエネルギー協力について協議を続けると述べた。", "ja"),
        ("외교부 대변인은 양측이 봄에 에너지 협력에 관한 회담을 계속할 것이라고 말했다.", "ko"),
        ("قال المتحدث باسم الوزارة إن المحادثات مع الوفد ستستمر في الربيع.", "ar"),
    ],
)
def test_language_detects(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_too_little_text() -> None:
    assert detect_language("OK") is None
    assert detect_language("12345 67890 !!!") is None
