//! 繁體中文 (Traditional Chinese, Taiwan).

use super::Key;
use checker_wasm::Code;

pub(super) fn ui(key: Key) -> &'static str {
    match key {
        Key::ServiceName => "出發前旅行資料登錄",
        Key::Continue => "繼續",
        Key::Back => "返回",
        Key::Submit => "送出",
        Key::Change => "修改",
        Key::ThereIsAProblem => "填寫內容有問題",
        Key::ErrorPrefix => "錯誤：",
        Key::WarningPrefix => "請確認：",
        Key::LanguageNav => "語言",
        Key::Loading => "載入中…",
        Key::Optional => "（選填）",
        Key::Choose => "請選擇",
        Key::StartTitle => "搭機前先登錄您前往日本的行程",
        Key::StartIntro => {
            "請在離開台灣前，使用本服務送出您的旅行證件與行程資料。每位旅客約需5分鐘。"
        }
        Key::WhatYouNeed => "您需要準備",
        Key::NeedDocument => "每位旅客的護照或旅行證件",
        Key::NeedFlight => "航班號碼與日期",
        Key::NeedAddress => "在日本的住宿地址",
        Key::NeedContact => "電子郵件地址與電話號碼",
        Key::PrivacyTitle => "我們如何使用您的資料",
        Key::PrivacyCollected => {
            "我們會收集您的旅行證件資料（姓名、證件號碼、國籍、出生日期、性別、日期）、航班、在日本的地址及聯絡方式。"
        }
        Key::PrivacyRecipient => {
            "只有{agency}會收到這些資料，用於準備您的入境。聯絡方式：{contact}。"
        }
        Key::PrivacyEncrypted => "您的回答在送出前會在此瀏覽器中加密，只有{agency}能夠讀取。",
        Key::PrivacyStorage => {
            "您輸入的內容不會儲存在此瀏覽器：關閉頁面即會清除。送出後，只有加密後的資料會保存在此裝置上，直到送達為止。"
        }
        Key::DocumentTitle => "您的旅行證件",
        Key::CompanionDocumentTitle => "旅客{n}的旅行證件",
        Key::MrzLabel => "機器可讀區（MRZ）",
        Key::MrzHint => "照片頁底部由英文字母、數字和<組成的2行或3行。請逐行輸入或貼上。",
        Key::ReaderHint => "如有證件閱讀機，請現在將照片頁放上閱讀機。",
        Key::ReaderCaptured => "證件閱讀機已讀取機器可讀區。",
        Key::EnterByHand => "改為手動輸入資料",
        Key::DidYouMean => "您是否要輸入",
        Key::UseCorrection => "使用此更正",
        Key::MrzPosition => "（第{line}行，第{column}個字元）",
        Key::PersonalTitle => "您的個人資料",
        Key::CompanionPersonalTitle => "旅客{n}的個人資料",
        Key::FromMrzNote => "以下資料已從機器可讀區填入，請與證件核對。",
        Key::Surname => "姓",
        Key::GivenNames => "名",
        Key::GivenNamesHint => "請依證件上的拼寫填寫。若證件上只有一個名字，請留空。",
        Key::DocumentNumber => "證件號碼",
        Key::IssuingState => "發照國",
        Key::CountryCodeHint => "證件上的3個字母代碼，例如 TWN 或 JPN",
        Key::Nationality => "國籍",
        Key::BirthDate => "出生日期",
        Key::Sex => "性別",
        Key::SexM => "男（M）",
        Key::SexF => "女（F）",
        Key::SexX => "未指定（X）",
        Key::ExpiryDate => "效期截止日",
        Key::DateHint => "年-月-日，例如 2026-11-26",
        Key::TripTitle => "您的行程",
        Key::Flight => "航班號碼",
        Key::FlightHint => "航空公司代碼與號碼，例如 BR198",
        Key::DepartureAirport => "出發機場",
        Key::ArrivalAirport => "抵達機場",
        Key::DepartureDate => "出發日期",
        Key::ArrivalDate => "抵達日期",
        Key::Purpose => "旅行目的",
        Key::PurposeTourism => "觀光",
        Key::PurposeBusiness => "商務",
        Key::PurposeVisitingFamily => "探親訪友",
        Key::PurposeStudy => "留學",
        Key::PurposeWork => "工作",
        Key::PurposeTransit => "過境",
        Key::PurposeReturnHome => "返家",
        Key::PurposeEvacuation => "撤離",
        Key::PurposeOther => "其他",
        Key::Address => "在日本的地址或聯絡人",
        Key::AddressHint => "飯店、住家地址，或可聯絡到的人",
        Key::StayDays => "停留天數",
        Key::ContactTitle => "我們如何聯絡您？",
        Key::ContactIntro => "僅用於與本次行程相關的聯絡。",
        Key::Email => "電子郵件地址",
        Key::Phone => "電話號碼",
        Key::PhoneHint => "請加上國碼，例如 +886 912 345 678",
        Key::CompanionsTitle => "同行旅客",
        Key::CompanionsIntro => {
            "請新增與您搭乘同一航班的家人或團體成員。每人都需要自己的旅行證件。兒童須與團體中的一位成人連結。"
        }
        Key::TravelerN => "旅客{n}",
        Key::You => "您",
        Key::AddTraveler => "新增旅客",
        Key::Remove => "移除",
        Key::AccompaniedBy => "陪同成人",
        Key::MaxTravelers => "每次送出最多可新增{max}位旅客。",
        Key::ReviewTitle => "送出前請確認您的回答",
        Key::SectionTravelers => "旅客",
        Key::SectionTrip => "行程",
        Key::SectionContact => "聯絡方式",
        Key::Consent => "我確認以上回答正確，並同意將其送交{agency}",
        Key::ConsentRequired => "請確認您的回答正確後再送出。",
        Key::Sending => "送出中…",
        Key::Retrying => "尚未送出。系統會自動再試一次（第{n}次）。",
        Key::SendBadRequest => "服務無法讀取送出的資料。請重新開始。",
        Key::SendConflict => "此次送出已以不同內容受理。請重新開始。",
        Key::SendTooLarge => "送出的資料過大。請減少一次送出的旅客人數。",
        Key::SendUnsupported => "服務不接受此送出格式。請洽詢工作人員。",
        Key::SendUnprocessable => {
            "服務無法開啟送出的資料，金鑰可能已變更。請重新載入頁面後再試一次。"
        }
        Key::SendOther => "發生問題（HTTP {status}）。請再試一次。",
        Key::SendSeal => "無法在此瀏覽器中加密您的回答。請重新載入頁面後再試一次。",
        Key::ReceiptTitle => "已受理",
        Key::ReceiptReference => "您的受理編號",
        Key::ReceiptTime => "受理時間",
        Key::ReceiptQr => "辦理報到時，請向工作人員出示此代碼。",
        Key::ReceiptKeep => "請保留受理編號：列印此頁或抄寫下來。",
        Key::ReceiptWaitingTitle => "已加密 — 正在等待連線",
        Key::ReceiptWaitingStored => {
            "您的回答已在此裝置上加密。一有連線就會自動送出，即使關閉此頁面也會送出。請保留下方的受理編號。"
        }
        Key::ReceiptWaitingPage => {
            "您的回答已加密。此瀏覽器無法保存，請保持此頁面開啟直到送出為止。"
        }
        Key::SendNow => "立即送出",
        Key::ReceiptRefusedTitle => "您的資料未被受理",
        Key::PrivacyRecipientMany => {
            "只有下列機關會收到這些資料，用於準備您的入境。聯絡方式：{contact}。"
        }
        Key::PrivacyEncryptedMany => {
            "您的回答在送出前會在此瀏覽器中分別為每個機關加密，只有這些機關能夠讀取。"
        }
        Key::PrivacyFingerprint => "{agency} — 金鑰指紋 {fingerprint}",
        Key::PrivacyFingerprintNote => {
            "每個機關都會公布其金鑰指紋。請與這裡顯示的指紋比對，確認這是真正的網站。"
        }
        Key::ReceiptLegWaiting => "尚未收到。系統會自動送出。",
        Key::CheckReceiptLink => "核對收據（報到櫃檯人員使用）",
        Key::CheckReceiptTitle => "核對收據",
        Key::CheckReceiptIntro => {
            "請用讀取器掃描旅客收據上的QR碼，或貼上、輸入其文字。不會顯示或傳送任何個人資料。"
        }
        Key::CheckReceiptLabel => "收據QR碼的文字",
        Key::CheckReceiptButton => "核對",
        Key::CheckReceiptEmpty => "請輸入收據QR碼的文字。",
        Key::ReceiptGenuine => "這是{agency}的真實收據",
        Key::ReceiptNotGenuine => "這不是真實的收據",
        Key::ReceiptMalformed => "這不是收據的文字。請確認已讀取整個QR碼，然後再試一次。",
        Key::ReceiptUnknownKey => "它沒有本入口網站認得的任何機關簽章。請勿接受。",
        Key::ReceiptBadSignature => "簽章不符：它已被竄改或偽造。請勿接受。",
        Key::BackToAnswers => "回到您的回答",
        Key::EarlierTitle => "此裝置送出的資料",
        Key::EarlierWaiting => "受理編號 {reference}：已加密，正在等待連線。系統會自動送出。",
        Key::EarlierReceived => "受理編號 {reference}：已受理。",
        Key::EarlierRefused => "受理編號 {reference}：未被受理。{reason} 請重新填寫表單。",
        Key::PrerenderChecking => "您現在就可以輸入。頁面載入完成後會立即檢查。",
        Key::Print => "列印",
        Key::StartAgain => "重新開始",
        Key::StillThere => "您還在嗎？",
        Key::StillThereBody => "為保護您的隱私，您的回答將於{seconds}秒後清除。",
        Key::KioskResetSoon => "為了下一位旅客，此頁面將於{seconds}秒後清除。",
        Key::FieldMrzLine => "行",
        Key::FieldPersonalNumber => "個人號碼",
        Key::FieldOptionalData => "選用資料",
        Key::FieldComposite => "整個區域（總檢查碼）",
        Key::FieldDocumentCode => "證件類型",
        Key::FieldTravelers => "旅客",
    }
}

pub(super) fn code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::MrzEmpty => "請輸入機器可讀區。",
        Code::MrzFormat => {
            "這不像機器可讀區：應為2行各44或36個字元，或3行各30個字元（目前：{lengths}）。"
        }
        Code::MrzLineLength => "第{line}行有{found}個字元，應為{expected}個。",
        Code::MrzInvalidChar => "機器可讀區不能使用「{char}」：只能使用大寫字母A–Z、數字0–9及<。",
        Code::MrzCheckDigit => {
            "{field}的檢查碼為{found}，但依欄位計算應為{expected}，請檢查是否輸入錯誤。"
        }
        Code::MrzPersonalNumberCheckDigit => "只有在個人號碼為空白時，個人號碼的檢查碼才可以是<。",
        Code::MrzLongNumberFillerCheck => {
            "證件號碼的檢查碼包含了填充字元（部分真實證件即是如此）。"
        }
        Code::MrzLongNumber => "證件號碼延續至選用資料，但該處沒有檢查碼。",
        Code::MrzNotNumeric => "{field}必須是數字（目前：「{found}」）。",
        Code::MrzDocumentCode => "證件代碼「{found}」不適用於此類證件。",
        Code::MrzTd2Passport => {
            "護照「{found}」使用兩行、每行36個字元的格式（例如德國的臨時護照）。這不是一般護照的格式，請確認資料與證件相符。"
        }
        Code::MrzIssuingState => "發照國「{found}」不是已知的國家代碼。",
        Code::MrzNationality => "國籍「{found}」不是已知的國家代碼。",
        Code::MrzSpecimen => "「UTO」是ICAO的樣本國家代碼：這是樣本證件，不是真實證件。",
        Code::MrzSex => "性別必須是M、F、X或<（目前：「{found}」）。",
        Code::MrzDate => "{field}「{found}」不是有效的日期。",
        Code::MrzExpiryRange => "效期截止日{found}與今天相距太遠，不太可能正確。",
        Code::MrzExpired => "此證件已於{date}過期。",
        Code::MrzNameTruncated => "姓名填滿整個欄位，證件上可能已被縮短。",
        Code::MrzNameEmpty => "機器可讀區中的姓名是空白的。",
        Code::MrzNameDigit => {
            "第{line}行第{column}個字元（姓名）是數字「{char}」：姓名只能使用英文字母。"
        }
        Code::MrzLetterSuggestion => {
            "第{line}行第{column}個字元的「{found}」很可能是字母「{expected}」：這裡不會有數字。"
        }
        Code::MrzFiller => "{field}以<開頭，或<的位置不正確。",
        Code::MrzSuggestion => {
            "若將第{line}行第{column}個字元的「{found}」讀作「{expected}」，檢查碼即可通過。"
        }
        Code::Required => "請填寫此欄位。",
        Code::TooLong => "最多{max}個字元。",
        Code::NameChar => "姓名不能使用「{char}」：請使用英文字母、空格、連字號及撇號。",
        Code::NameLong => "此姓名超過機器可讀區可容納的長度，請確認與證件相符。",
        Code::NativeScript => "請使用中文或日文字元（漢字、假名）；「{char}」不符合。",
        Code::DateFormat => "請以年-月-日格式輸入日期，例如 2026-11-26。",
        Code::DateInvalid => "{found}不是有效的日期。",
        Code::DateFuture => "此日期在未來。",
        Code::DatePast => "此日期已經過去。",
        Code::DateTooOld => "此日期太久遠。",
        Code::CountryUnknown => "「{found}」不是已知的國家代碼：請使用3個字母，例如 TWN 或 JPN。",
        Code::SexInvalid => "請選擇M、F或X。",
        Code::DocumentNumberFormat => "證件號碼只能包含字母和數字，最多{max}個。",
        Code::DocumentCodeFormat => "「{found}」不是旅行證件類型（例如 P、PN、ID、C、V）。",
        Code::FlightFormat => "請輸入航空公司代碼與號碼，例如 BR198 或 JL 802。",
        Code::AirportFormat => "請選擇機場。",
        Code::AirportUnknown => "「{found}」不是此行程可用的機場。",
        Code::AirportNotTaiwan => "出發機場必須位於台灣。",
        Code::AirportNotJapan => "抵達機場必須位於日本。",
        Code::EmailFormat => "請輸入電子郵件地址，例如 name@example.com。",
        Code::PhoneFormat => "請加上國碼輸入電話號碼，例如 +886 912 345 678。",
        Code::PostalCodeFormat => "日本郵遞區號的格式為 100-0001。",
        Code::PurposeInvalid => "請從清單中選擇旅行目的。",
        Code::StayLength => "停留天數必須介於1到{max}天之間。",
        Code::TripDatesOrder => "{field}不能早於{other}。",
        Code::DocumentValidity => "證件效期截止日為{expiry}；必須至少有效至{required}。",
        Code::DocumentExpired => "證件已於{expiry}過期。",
        Code::CrossMismatch => "這與機器可讀區的內容「{mrz}」不符。",
        Code::GroupMinorAlone => "未滿{age}歲的旅客必須與團體中的成人同行。",
        Code::GroupLink => "陪同成人必須是本團體中另一位{age}歲以上的旅客。",
        Code::GroupSize => "每次送出最多{max}位旅客。",
        Code::RecordNoTravelers => "請至少新增一位旅客。",
        Code::RecordSchema => "不支援資料格式{found}（應為{expected}）。",
        Code::GroupDuplicate => "此證件已由本團體的另一位旅客使用。",
        _ => return None,
    })
}

/// What to do when a required input is empty.
pub(super) fn required(id: &str) -> Option<&'static str> {
    Some(match id {
        "mrz" => "請輸入機器可讀區（MRZ）。",
        "surname" => "請輸入姓。",
        "document-number" => "請輸入證件號碼。",
        "issuing-state" => "請輸入發照國。",
        "nationality" => "請輸入國籍。",
        "birth-date" => "請輸入出生日期。",
        "sex" => "請選擇性別。",
        "expiry-date" => "請輸入效期截止日。",
        "flight" => "請輸入航班號碼。",
        "departure-airport" => "請選擇出發機場。",
        "arrival-airport" => "請選擇抵達機場。",
        "departure-date" => "請輸入出發日期。",
        "arrival-date" => "請輸入抵達日期。",
        "purpose" => "請選擇旅行目的。",
        "address" => "請輸入在日本的地址或聯絡人。",
        "stay-days" => "請輸入停留天數。",
        "email" => "請輸入電子郵件地址。",
        "phone" => "請輸入電話號碼。",
        "accompanied-by" => "請選擇陪同成人。",
        _ => return None,
    })
}

/// Field-aware templates (`{label}`) of codes whose own message does not
/// name the field. Keep this function last: tests/e2e/strings.mjs reads the
/// `Code::` entries after its name as field-aware ones.
pub(super) fn field_code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::TooLong => "{label}最多{max}個字元。",
        Code::NameChar => "{label}不能使用「{char}」：請使用英文字母、空格、連字號及撇號。",
        Code::NameLong => "{label}超過機器可讀區可容納的長度，請確認與證件相符。",
        Code::NativeScript => "{label}請使用中文或日文字元（漢字、假名）；「{char}」不符合。",
        Code::DateFormat => "{label}請以年-月-日格式輸入，例如 2026-11-26。",
        Code::DateInvalid => "{label}必須是有效的日期；{found}並不存在。",
        Code::DateFuture => "{label}必須是過去的日期。",
        Code::DatePast => "{label}必須是今天或之後的日期。",
        Code::DateTooOld => "{label}太久遠。",
        Code::CountryUnknown => {
            "{label}必須是3個字母的國家代碼，例如 TWN 或 JPN；「{found}」不是。"
        }
        Code::SexInvalid => "{label}請選擇M、F或X。",
        Code::DocumentNumberFormat => "{label}只能包含字母和數字，最多{max}個。",
        Code::AirportFormat => "請從清單中選擇{label}。",
        Code::AirportUnknown => "請從清單中選擇{label}：「{found}」不是此行程可用的機場。",
        Code::TripDatesOrder => "{label}不能早於{other}。",
        Code::CrossMismatch => "{label}與機器可讀區的內容「{mrz}」不符。",
        Code::GroupDuplicate => "此{label}已由本團體的另一位旅客使用。",
        Code::DocumentExpired => "證件已過期：{label}為{expiry}。",
        Code::DocumentValidity => "{label}必須是{required}或之後（目前為{expiry}）。",
        _ => return None,
    })
}
