// The KakaoTalk share button of a consultation page (egov_plugin.consultations.sharing).
// Loaded only when the site set EGOV_KAKAO_JAVASCRIPT_KEY, after Kakao's SDK; the button stays
// hidden unless the SDK loaded, so it never offers what it cannot do.
(function () {
  "use strict";
  var button = document.querySelector(".egov-kakao-share");
  if (!button || !window.Kakao || !window.Kakao.Share) {
    return;
  }
  if (!window.Kakao.isInitialized()) {
    window.Kakao.init(button.getAttribute("data-kakao-key"));
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    // The scrap reads the page's own Open Graph tags for the title, summary and image.
    window.Kakao.Share.sendScrap({ requestUrl: button.getAttribute("data-share-url") });
  });
})();
