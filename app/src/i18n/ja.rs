//! 日本語 (Japanese).

use super::Key;
use checker_wasm::Code;

pub(super) fn ui(key: Key) -> &'static str {
    match key {
        Key::ServiceName => "出発前の渡航情報登録",
        Key::Continue => "次へ",
        Key::Back => "戻る",
        Key::Submit => "送信する",
        Key::Change => "変更",
        Key::ThereIsAProblem => "入力内容に問題があります",
        Key::ErrorPrefix => "エラー：",
        Key::WarningPrefix => "確認：",
        Key::LanguageNav => "言語",
        Key::Loading => "読み込み中…",
        Key::Optional => "（任意）",
        Key::Choose => "選択してください",
        Key::StartTitle => "出発前に日本への渡航について登録してください",
        Key::StartIntro => {
            "台湾を出発する前に、旅券などの渡航文書と旅程を送信するためのサービスです。旅行者1人あたり約5分かかります。"
        }
        Key::WhatYouNeed => "必要なもの",
        Key::NeedDocument => "旅行者全員の旅券または渡航文書",
        Key::NeedFlight => "便名と日程",
        Key::NeedAddress => "日本での滞在先の住所",
        Key::NeedContact => "メールアドレスと電話番号",
        Key::PrivacyTitle => "個人情報の取り扱い",
        Key::PrivacyCollected => {
            "渡航文書の情報（氏名、旅券番号、国籍、生年月日、性別、日付）、航空便、日本での滞在先、連絡先を収集します。"
        }
        Key::PrivacyRecipient => {
            "受け取るのは{agency}のみで、入国の準備に使用します。問い合わせ先：{contact}"
        }
        Key::PrivacyEncrypted => {
            "回答は送信前にこのブラウザ内で暗号化されるため、{agency}だけが読むことができます。"
        }
        Key::PrivacyStorage => {
            "入力した内容はこのブラウザに保存されません。ページを閉じると消去されます。送信後は、送信が完了するまで、暗号化された送信データだけがこの端末に保存されます。"
        }
        Key::DocumentTitle => "渡航文書",
        Key::CompanionDocumentTitle => "旅行者{n}の渡航文書",
        Key::MrzLabel => "機械読取領域（MRZ）",
        Key::MrzHint => {
            "顔写真ページの下部にある、英字・数字・<で構成された2行または3行です。1行ずつ入力するか貼り付けてください。"
        }
        Key::ReaderHint => "文書リーダーがある場合は、顔写真ページを今リーダーに置いてください。",
        Key::ReaderCaptured => "文書リーダーが機械読取領域を読み取りました。",
        Key::EnterByHand => "手入力で登録する",
        Key::DidYouMean => "もしかして",
        Key::UseCorrection => "この修正を使う",
        Key::MrzPosition => "（{line}行目、{column}文字目）",
        Key::PersonalTitle => "本人の情報",
        Key::CompanionPersonalTitle => "旅行者{n}の情報",
        Key::FromMrzNote => "機械読取領域から入力しました。文書と照らし合わせて確認してください。",
        Key::Surname => "姓",
        Key::GivenNames => "名",
        Key::GivenNamesHint => {
            "文書の表記どおりに入力してください。名前が1つしかない場合は空欄にしてください。"
        }
        Key::DocumentNumber => "旅券番号",
        Key::IssuingState => "発行国",
        Key::CountryCodeHint => "文書に記載の3文字のコード（例：TWN、JPN）",
        Key::Nationality => "国籍",
        Key::BirthDate => "生年月日",
        Key::Sex => "性別",
        Key::SexM => "男性（M）",
        Key::SexF => "女性（F）",
        Key::SexX => "指定なし（X）",
        Key::ExpiryDate => "有効期間満了日",
        Key::DateHint => "年-月-日の形式（例：2026-11-26）",
        Key::TripTitle => "旅程",
        Key::Flight => "便名",
        Key::FlightHint => "航空会社コードと番号（例：BR198）",
        Key::DepartureAirport => "出発空港",
        Key::ArrivalAirport => "到着空港",
        Key::DepartureDate => "出発日",
        Key::ArrivalDate => "到着日",
        Key::Purpose => "渡航目的",
        Key::PurposeTourism => "観光",
        Key::PurposeBusiness => "商用",
        Key::PurposeVisitingFamily => "親族・知人訪問",
        Key::PurposeStudy => "留学",
        Key::PurposeWork => "就労",
        Key::PurposeTransit => "乗り継ぎ",
        Key::PurposeReturnHome => "帰国・帰宅",
        Key::PurposeEvacuation => "避難",
        Key::PurposeOther => "その他",
        Key::Address => "日本での滞在先または連絡先",
        Key::AddressHint => "ホテル、自宅の住所、または連絡の取れる人",
        Key::StayDays => "滞在日数",
        Key::ContactTitle => "連絡先",
        Key::ContactIntro => "この渡航に関する連絡にのみ使用します。",
        Key::Email => "メールアドレス",
        Key::Phone => "電話番号",
        Key::PhoneHint => "国番号から入力してください（例：+886 912 345 678）",
        Key::CompanionsTitle => "同行者",
        Key::CompanionsIntro => {
            "同じ便で一緒に旅行する家族やグループのメンバーを追加してください。各自の渡航文書が必要です。子どもはグループ内の大人と結び付けてください。"
        }
        Key::TravelerN => "旅行者{n}",
        Key::You => "あなた",
        Key::AddTraveler => "旅行者を追加",
        Key::Remove => "削除",
        Key::AccompaniedBy => "同伴する大人",
        Key::MaxTravelers => "1回の送信で追加できる旅行者は{max}人までです。",
        Key::ReviewTitle => "送信前に回答を確認してください",
        Key::SectionTravelers => "旅行者",
        Key::SectionTrip => "旅程",
        Key::SectionContact => "連絡先",
        Key::Consent => "回答が正しいことを確認し、{agency}に送信することに同意します",
        Key::ConsentRequired => "送信するには、回答が正しいことを確認してください。",
        Key::Sending => "送信中…",
        Key::Retrying => "まだ送信されていません。自動でもう一度送信します（{n}回目）。",
        Key::SendBadRequest => {
            "サービスが送信内容を読み取れませんでした。最初からやり直してください。"
        }
        Key::SendConflict => {
            "この送信は異なる内容ですでに受け付けられています。最初からやり直してください。"
        }
        Key::SendTooLarge => "送信内容が大きすぎます。一度に送る旅行者を減らしてください。",
        Key::SendUnsupported => {
            "サービスが送信形式を受け付けませんでした。係員にお問い合わせください。"
        }
        Key::SendUnprocessable => {
            "サービスが送信内容を開けませんでした。鍵が変更された可能性があります。ページを再読み込みして、もう一度お試しください。"
        }
        Key::SendOther => "問題が発生しました（HTTP {status}）。もう一度お試しください。",
        Key::SendSeal => {
            "このブラウザで回答を暗号化できませんでした。ページを再読み込みして、もう一度お試しください。"
        }
        Key::ReceiptTitle => "受け付けました",
        Key::ReceiptReference => "受付番号",
        Key::ReceiptTime => "受付日時",
        Key::ReceiptQr => "チェックインの際に、このコードを係員に提示してください。",
        Key::ReceiptKeep => {
            "受付番号を控えてください。このページを印刷するか、書き留めてください。"
        }
        Key::ReceiptWaitingTitle => "暗号化済み — 接続を待っています",
        Key::ReceiptWaitingStored => {
            "回答はこの端末内で暗号化されています。接続できしだい自動で送信されます。このページを閉じても送信されます。下の受付番号を控えてください。"
        }
        Key::ReceiptWaitingPage => {
            "回答は暗号化されています。このブラウザには保存できないため、送信されるまでこのページを開いたままにしてください。"
        }
        Key::SendNow => "今すぐ送信",
        Key::ReceiptRefusedTitle => "送信は受け付けられませんでした",
        Key::PrivacyRecipientMany => {
            "受け取るのは下記の機関のみで、入国の準備に使用します。問い合わせ先：{contact}"
        }
        Key::PrivacyEncryptedMany => {
            "回答は送信前にこのブラウザ内で機関ごとに別々に暗号化されるため、これらの機関だけが読むことができます。"
        }
        Key::PrivacyFingerprint => "{agency} — 鍵の指紋 {fingerprint}",
        Key::PrivacyFingerprintNote => {
            "各機関は鍵の指紋を公表しています。ここに表示された指紋と比べて、本物のサイトであることを確かめてください。"
        }
        Key::ReceiptLegWaiting => "まだ受信されていません。自動的に送信されます。",
        Key::CheckReceiptLink => "受付確認書を確認する（チェックイン担当者向け）",
        Key::CheckReceiptTitle => "受付確認書の確認",
        Key::CheckReceiptIntro => {
            "旅行者の受付確認書のQRコードをリーダーで読み取るか、その文字列を貼り付けるか入力してください。個人情報は表示も送信もされません。"
        }
        Key::CheckReceiptLabel => "受付確認書のQRコードの文字列",
        Key::CheckReceiptButton => "確認する",
        Key::CheckReceiptEmpty => "受付確認書のQRコードの文字列を入力してください。",
        Key::ReceiptGenuine => "{agency}の本物の受付確認書です",
        Key::ReceiptNotGenuine => "本物の受付確認書ではありません",
        Key::ReceiptMalformed => {
            "受付確認書の文字列ではありません。QRコード全体が読み取られたか確かめて、もう一度お試しください。"
        }
        Key::ReceiptUnknownKey => {
            "このポータルが知っている機関の署名がありません。受け付けないでください。"
        }
        Key::ReceiptBadSignature => {
            "署名が一致しません。改ざんまたは偽造されています。受け付けないでください。"
        }
        Key::BackToAnswers => "回答に戻る",
        Key::EarlierTitle => "この端末からの送信",
        Key::EarlierWaiting => {
            "受付番号 {reference}：暗号化済みで、接続を待っています。自動で送信されます。"
        }
        Key::EarlierReceived => "受付番号 {reference}：受け付けました。",
        Key::EarlierRefused => {
            "受付番号 {reference}：受け付けられませんでした。{reason} もう一度フォームに入力してください。"
        }
        Key::PrerenderChecking => "今すぐ入力できます。ページの読み込みが終わりしだい確認します。",
        Key::Print => "印刷",
        Key::StartAgain => "最初からやり直す",
        Key::StillThere => "操作を続けますか？",
        Key::StillThereBody => "プライバシー保護のため、{seconds}秒後に回答を消去します。",
        Key::KioskResetSoon => "次の方のため、このページは{seconds}秒後に消去されます。",
        Key::FieldMrzLine => "行",
        Key::FieldPersonalNumber => "個人番号",
        Key::FieldOptionalData => "任意データ",
        Key::FieldComposite => "領域全体（総合チェック）",
        Key::FieldDocumentCode => "文書の種類",
        Key::FieldTravelers => "旅行者",
    }
}

pub(super) fn code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::MrzEmpty => "機械読取領域を入力してください。",
        Code::MrzFormat => {
            "機械読取領域の形式ではありません。44文字または36文字の2行、もしくは30文字の3行が必要です（入力：{lengths}）。"
        }
        Code::MrzLineLength => "{line}行目は{found}文字です。{expected}文字必要です。",
        Code::MrzInvalidChar => {
            "「{char}」は機械読取領域に使えません。使えるのは英大文字A–Z、数字0–9、<のみです。"
        }
        Code::MrzCheckDigit => {
            "{field}のチェックデジットは{found}ですが、計算上は{expected}です。入力ミスがないか確認してください。"
        }
        Code::MrzPersonalNumberCheckDigit => {
            "個人番号のチェックデジットを<にできるのは、個人番号が空のときだけです。"
        }
        Code::MrzLongNumberFillerCheck => {
            "旅券番号のチェックデジットが埋め文字を含めて計算されています（一部の正規の証明書と同じです）。"
        }
        Code::MrzLongNumber => {
            "文書番号が任意データに続いていますが、そのチェックデジットがありません。"
        }
        Code::MrzNotNumeric => "{field}は数字でなければなりません（入力：「{found}」）。",
        Code::MrzDocumentCode => "文書コード「{found}」はこの種類の文書には使えません。",
        Code::MrzTd2Passport => {
            "旅券「{found}」が2行36文字の形式です（ドイツの暫定旅券など）。通常の旅券の形式ではないため、記載内容が文書と一致しているか確認してください。"
        }
        Code::MrzIssuingState => "発行国「{found}」は既知の国コードではありません。",
        Code::MrzNationality => "国籍「{found}」は既知の国コードではありません。",
        Code::MrzSpecimen => {
            "「UTO」はICAOの見本用の国コードです。これは本物ではなく見本の文書です。"
        }
        Code::MrzSex => "性別はM、F、Xまたは<でなければなりません（入力：「{found}」）。",
        Code::MrzDate => "{field}「{found}」は実在しない日付です。",
        Code::MrzExpiryRange => "有効期間満了日{found}は今日から離れすぎています。",
        Code::MrzExpired => "この文書は{date}に有効期間が満了しています。",
        Code::MrzNameTruncated => {
            "氏名が欄いっぱいに記載されており、文書上で省略されている可能性があります。"
        }
        Code::MrzNameEmpty => "機械読取領域の氏名が空です。",
        Code::MrzNameDigit => {
            "{line}行目{column}文字目（氏名）に数字「{char}」があります。氏名には文字だけが入ります。"
        }
        Code::MrzLetterSuggestion => {
            "{line}行目{column}文字目の「{found}」は、おそらく文字の「{expected}」です。ここには数字は入りません。"
        }
        Code::MrzFiller => "{field}が<で始まっているか、<の位置が正しくありません。",
        Code::MrzSuggestion => {
            "{line}行目{column}文字目の「{found}」を「{expected}」と読むと、チェックデジットが一致します。"
        }
        Code::Required => "この項目を入力してください。",
        Code::TooLong => "{max}文字以内で入力してください。",
        Code::NameChar => {
            "「{char}」は氏名に使えません。ローマ字、スペース、ハイフン、アポストロフィを使ってください。"
        }
        Code::NameLong => {
            "この氏名は機械読取領域に収まる長さを超えています。文書と一致しているか確認してください。"
        }
        Code::NativeScript => {
            "漢字、かな、または中国語の文字で入力してください。「{char}」は使えません。"
        }
        Code::DateFormat => "日付は年-月-日の形式で入力してください（例：2026-11-26）。",
        Code::DateInvalid => "{found}は実在しない日付です。",
        Code::DateFuture => "この日付は未来の日付です。",
        Code::DatePast => "この日付は過去の日付です。",
        Code::DateTooOld => "この日付は古すぎます。",
        Code::CountryUnknown => {
            "「{found}」は既知の国コードではありません。3文字で入力してください（例：TWN、JPN）。"
        }
        Code::SexInvalid => "M、FまたはXを選んでください。",
        Code::DocumentNumberFormat => "文書番号は英字と数字のみ、{max}文字以内です。",
        Code::DocumentCodeFormat => {
            "「{found}」は渡航文書の種類ではありません（例：P、PN、ID、C、V）。"
        }
        Code::FlightFormat => "便名は航空会社コードと番号で入力してください（例：BR198、JL 802）。",
        Code::AirportFormat => "空港を選んでください。",
        Code::AirportUnknown => "「{found}」はこの旅程で利用できる空港ではありません。",
        Code::AirportNotTaiwan => "出発空港は台湾の空港でなければなりません。",
        Code::AirportNotJapan => "到着空港は日本の空港でなければなりません。",
        Code::EmailFormat => "name@example.com の形式でメールアドレスを入力してください。",
        Code::PhoneFormat => "電話番号は国番号から入力してください（例：+886 912 345 678）。",
        Code::PostalCodeFormat => "郵便番号は100-0001の形式です。",
        Code::PurposeInvalid => "一覧から渡航目的を選んでください。",
        Code::StayLength => "滞在日数は1日から{max}日の間で入力してください。",
        Code::TripDatesOrder => "{field}を{other}より前にすることはできません。",
        Code::DocumentValidity => {
            "文書の有効期間満了日は{expiry}です。少なくとも{required}まで有効である必要があります。"
        }
        Code::DocumentExpired => "文書は{expiry}に有効期間が満了しています。",
        Code::CrossMismatch => "機械読取領域の内容「{mrz}」と一致しません。",
        Code::GroupMinorAlone => {
            "{age}歳未満の旅行者は、グループ内の大人と一緒に旅行する必要があります。"
        }
        Code::GroupLink => {
            "同伴する大人は、このグループの{age}歳以上の別の旅行者でなければなりません。"
        }
        Code::GroupSize => "1回の送信で送れる旅行者は{max}人までです。",
        Code::RecordNoTravelers => "旅行者を1人以上追加してください。",
        Code::RecordSchema => "記録形式{found}には対応していません（対応：{expected}）。",
        Code::GroupDuplicate => "この文書は、このグループの別の旅行者がすでに使用しています。",
        _ => return None,
    })
}

/// What to do when a required input is empty.
pub(super) fn required(id: &str) -> Option<&'static str> {
    Some(match id {
        "mrz" => "機械読取領域（MRZ）を入力してください。",
        "surname" => "姓を入力してください。",
        "document-number" => "旅券番号を入力してください。",
        "issuing-state" => "発行国を入力してください。",
        "nationality" => "国籍を入力してください。",
        "birth-date" => "生年月日を入力してください。",
        "sex" => "性別を選んでください。",
        "expiry-date" => "有効期間満了日を入力してください。",
        "flight" => "便名を入力してください。",
        "departure-airport" => "出発空港を選んでください。",
        "arrival-airport" => "到着空港を選んでください。",
        "departure-date" => "出発日を入力してください。",
        "arrival-date" => "到着日を入力してください。",
        "purpose" => "渡航目的を選んでください。",
        "address" => "日本での滞在先または連絡先を入力してください。",
        "stay-days" => "滞在日数を入力してください。",
        "email" => "メールアドレスを入力してください。",
        "phone" => "電話番号を入力してください。",
        "accompanied-by" => "同伴する大人を選んでください。",
        _ => return None,
    })
}

/// Field-aware templates (`{label}`) of codes whose own message does not
/// name the field. Keep this function last: tests/e2e/strings.mjs reads the
/// `Code::` entries after its name as field-aware ones.
pub(super) fn field_code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::TooLong => "{label}は{max}文字以内で入力してください。",
        Code::NameChar => {
            "{label}に「{char}」は使えません。ローマ字、スペース、ハイフン、アポストロフィで入力してください。"
        }
        Code::NameLong => {
            "{label}が機械読取領域に収まる長さを超えています。文書と一致しているか確認してください。"
        }
        Code::NativeScript => {
            "{label}は漢字、かな、または中国語の文字で入力してください。「{char}」は使えません。"
        }
        Code::DateFormat => "{label}は年-月-日の形式で入力してください（例：2026-11-26）。",
        Code::DateInvalid => "{label}には実在する日付を入力してください。{found}は存在しません。",
        Code::DateFuture => "{label}には過去の日付を入力してください。",
        Code::DatePast => "{label}には今日以降の日付を入力してください。",
        Code::DateTooOld => "{label}の日付が古すぎます。",
        Code::CountryUnknown => {
            "{label}は3文字の国コードで入力してください（例：TWN、JPN）。「{found}」は該当しません。"
        }
        Code::SexInvalid => "{label}はM、FまたはXから選んでください。",
        Code::DocumentNumberFormat => "{label}は英字と数字のみ、{max}文字以内で入力してください。",
        Code::AirportFormat => "{label}を一覧から選んでください。",
        Code::AirportUnknown => {
            "{label}を一覧から選んでください。「{found}」はこの旅程で利用できる空港ではありません。"
        }
        Code::TripDatesOrder => "{label}は{other}と同じ日かそれ以降にしてください。",
        Code::CrossMismatch => "{label}が機械読取領域の内容「{mrz}」と一致しません。",
        Code::GroupDuplicate => "この{label}は、このグループの別の旅行者がすでに使用しています。",
        Code::DocumentExpired => "{label}が{expiry}のため、文書は有効期間が満了しています。",
        Code::DocumentValidity => "{label}は{required}以降である必要があります（現在：{expiry}）。",
        _ => return None,
    })
}
