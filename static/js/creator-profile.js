// Creator profile form: the province only applies to creators in Indonesia, so
// it shows while Indonesia is the chosen country. Hiding it also empties it,
// so a province chosen earlier is not sent for another country.
(function () {
  "use strict";

  function start() {
    var country = document.getElementById("id_country");
    var province = document.getElementById("id_province");
    var wrapper = document.getElementById("div_id_province");
    if (!country || !province || !wrapper || !country.dataset.provinceCountry) {
      return;
    }
    function update() {
      var inIndonesia = country.value === country.dataset.provinceCountry;
      wrapper.hidden = !inIndonesia;
      if (!inIndonesia) {
        province.value = "";
      }
    }
    country.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
